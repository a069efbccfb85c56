using Handoff.BotGateway.Agents;
using Handoff.Samples.TicketDesk.Tickets;

namespace Handoff.Samples.TicketDesk.Conversation;

/// <summary>
/// The team's agent: a deterministic one that answers from the ticket the handoff carried (its payload's id), so the
/// sample needs no model. A team would put its model or its workflow here.
/// </summary>
public sealed class TicketAgent(TicketBook tickets) : IConversationAgent
{
    public const string NoTicket =
        "I look after help-desk tickets. Search for one in Copilot (for example \"VPN\") and choose Continue in chat, and I'll pick it up here.";

    public bool IsGenerative => false;

    /// <summary>One piece: the whole answer at once, as nothing here is worth streaming.</summary>
    public IAsyncEnumerable<string> AnswerAsync(AgentTurn turn, CancellationToken cancellationToken) => new[] { Answer(turn) }.ToAsyncEnumerable();

    private string Answer(AgentTurn turn)
    {
        if (TicketPayload.TicketIdIn(turn.Task?.Context.AppPayload) is not { } id || tickets.Find(id) is not { } ticket)
        {
            return NoTicket;
        }

        var text = turn.Text.ToLowerInvariant();
        return text.Contains("who", StringComparison.Ordinal) || text.Contains("owner", StringComparison.Ordinal)
            ? $"Ticket {ticket.Id} is with {ticket.Owner}."
            : $"Ticket {ticket.Id} ({ticket.Title}) is {ticket.Status}.";
    }
}

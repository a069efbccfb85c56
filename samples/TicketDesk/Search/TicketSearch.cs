using Handoff.BotGateway.Handoff.Initiation;
using Handoff.Contracts.State;
using Handoff.Samples.TicketDesk.Tickets;

namespace Handoff.Samples.TicketDesk.Search;

/// <summary>The team's search: tickets in place of the gateway's task catalogue, each result carrying its ticket id.</summary>
public sealed class TicketSearch(TicketBook tickets) : IHandoffSearch
{
    public static readonly IReadOnlyList<string> Steps =
    [
        "Check the ticket's latest status with me.",
        "Try the suggested fix, or tell me what you see.",
        "Tell me whether it is solved, and I close the ticket.",
    ];

    public Task<IReadOnlyList<HandoffSearchResult>> SearchAsync(HandoffSearchQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HandoffSearchResult>>(tickets.Search(query.RequestText).Take(query.Count).Select(Result).ToList());

    public Task<HandoffSearchResult?> FindAsync(string resultId, HandoffSearchQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(tickets.Find(resultId) is { } ticket ? Result(ticket) : null);

    public static HandoffSearchResult Result(Ticket ticket) =>
        new(new TaskItem(ticket.Id, $"{ticket.Id}: {ticket.Title}", $"Status: {ticket.Status}.", Steps), new TicketPayload(ticket.Id).ToJson());
}

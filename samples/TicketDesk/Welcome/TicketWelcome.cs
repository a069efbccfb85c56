using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.State;
using Handoff.Samples.TicketDesk.Tickets;

namespace Handoff.Samples.TicketDesk.Welcome;

/// <summary>The team's first reply: the ticket the user picked in Copilot, as it stands now (looked up by the payload's id).</summary>
public sealed class TicketWelcome(TicketBook tickets) : IHandoffWelcome
{
    public Task<HandoffWelcomeMessage> ComposeAsync(ActiveTask task, string locale, CancellationToken cancellationToken)
    {
        if (TicketPayload.TicketIdIn(task.Context.AppPayload) is not { } id || tickets.Find(id) is not { } ticket)
        {
            return Task.FromResult(StepsWelcome.For(task, ReplyLanguage.For(locale)));
        }

        return Task.FromResult(new HandoffWelcomeMessage(
            $"Picking up ticket {ticket.Id} from Copilot: {ticket.Title}",
            [
                $"**{ticket.Id}** is {ticket.Status}; {ticket.Owner} has it.",
                "Ask me about it here, for example **what is the status?** or **who has it?**",
            ]));
    }
}

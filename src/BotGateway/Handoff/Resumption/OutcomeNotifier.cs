using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.Contracts.Events;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>Tells the user how their handoff is going, each notice once: the welcome and next step, a delay, or a rejection.</summary>
public sealed class OutcomeNotifier(
    BotConnectorClient connector,
    OutcomeDelivery delivery,
    IOptions<HandoffPolicyOptions> policy,
    ILogger<OutcomeNotifier> logger)
{
    public async Task WelcomeAsync(HandoffContextRestored restored, CancellationToken cancellationToken)
    {
        await delivery.DeliverOnceAsync(restored.CorrelationId, async token =>
        {
            await connector.SendAsync(restored.Conversation, OutgoingActivity.Message(HandoffMessages.Continuing(restored.Task)), token);
            await connector.SendAsync(restored.Conversation, OutgoingActivity.Message(HandoffMessages.NextStep(restored.Task)), token);
            if (HandoffMessages.PreviousKept(restored.Task) is { } previousKept)
            {
                await connector.SendAsync(restored.Conversation, OutgoingActivity.Message(previousKept), token);
            }
        }, cancellationToken);
        logger.LogInformation("Handoff {CorrelationId}: welcomed", restored.CorrelationId);
    }

    public async Task DelayedAsync(HandoffDelayed delayed, CancellationToken cancellationToken)
    {
        await delivery.DeliverOnceAsync(delayed.CorrelationId, token =>
            connector.SendAsync(delayed.Conversation, OutgoingActivity.Message(HandoffMessages.Delayed), token),
            cancellationToken, notice: "delayed");
        logger.LogInformation("Handoff {CorrelationId}: told the user it is delayed", delayed.CorrelationId);
    }

    public async Task RejectedAsync(HandoffRejected rejected, CancellationToken cancellationToken)
    {
        await delivery.DeliverOnceAsync(rejected.CorrelationId, token =>
            connector.SendAsync(rejected.Conversation, HandoffMessages.RejectionMessage(rejected.Reason, policy.Value.CopilotUrl), token),
            cancellationToken);
        logger.LogInformation("Handoff {CorrelationId}: told the user it was rejected ({Reason})", rejected.CorrelationId, HandoffMessages.MetricTag(rejected.Reason));
    }
}

using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Observability;
using Handoff.Contracts.Events;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>Tells the user how their handoff is going, each notice once: the welcome and next step, a delay, or a rejection.</summary>
public sealed class OutcomeNotifier(
    BotConnectorClient connector,
    OutcomeDelivery delivery,
    IOptions<HandoffPolicyOptions> policy,
    HandoffMetrics metrics,
    TimeProvider time,
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
            metrics.Welcomed(time.GetUtcNow() - restored.RequestedAt);
        }, cancellationToken);
        logger.LogInformation("Handoff {CorrelationId}: welcomed", restored.CorrelationId);
    }

    public async Task DelayedAsync(HandoffDelayed delayed, CancellationToken cancellationToken)
    {
        await delivery.DeliverOnceAsync(delayed.CorrelationId, async token =>
        {
            await connector.SendAsync(delayed.Conversation, OutgoingActivity.Message(HandoffMessages.Delayed), token);
            metrics.Delayed();
        }, cancellationToken, notice: "delayed");
        logger.LogInformation("Handoff {CorrelationId}: told the user it is delayed", delayed.CorrelationId);
    }

    public async Task RejectedAsync(HandoffRejected rejected, CancellationToken cancellationToken)
    {
        await delivery.DeliverOnceAsync(rejected.CorrelationId, async token =>
        {
            await connector.SendAsync(rejected.Conversation, HandoffMessages.RejectionMessage(rejected.Reason, policy.Value.CopilotUrl), token);
            metrics.Rejected(rejected.Reason);
        }, cancellationToken);
        logger.LogInformation("Handoff {CorrelationId}: told the user it was rejected ({Reason})", rejected.CorrelationId, HandoffMessages.MetricTag(rejected.Reason));
    }
}

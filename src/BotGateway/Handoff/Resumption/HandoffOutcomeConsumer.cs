using Handoff.BotGateway.BotFramework.Connector;
using Handoff.Contracts.Events;
using MassTransit;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>Tells the user how their handoff ended, once: the welcome and the task's next step, or what to do instead.</summary>
public sealed class HandoffOutcomeConsumer(BotConnectorClient connector, OutcomeDelivery delivery, ILogger<HandoffOutcomeConsumer> logger)
    : IConsumer<HandoffContextRestored>, IConsumer<HandoffRejected>
{
    public async Task Consume(ConsumeContext<HandoffContextRestored> context)
    {
        var restored = context.Message;
        await delivery.DeliverOnceAsync(restored.CorrelationId, async cancellationToken =>
        {
            await connector.SendAsync(restored.Conversation, OutgoingActivity.Message(HandoffMessages.Continuing(restored.Task)), cancellationToken);
            await connector.SendAsync(restored.Conversation, OutgoingActivity.Message(HandoffMessages.NextStep(restored.Task)), cancellationToken);
        }, context.CancellationToken);
        logger.LogInformation("Handoff {CorrelationId}: welcomed", restored.CorrelationId);
    }

    public async Task Consume(ConsumeContext<HandoffRejected> context)
    {
        var rejected = context.Message;
        await delivery.DeliverOnceAsync(rejected.CorrelationId, cancellationToken =>
            connector.SendAsync(rejected.Conversation, OutgoingActivity.Message(HandoffMessages.ForRejection(rejected.Reason)), cancellationToken),
            context.CancellationToken);
        logger.LogInformation("Handoff {CorrelationId}: told the user it was rejected ({Reason})", rejected.CorrelationId, HandoffMessages.MetricTag(rejected.Reason));
    }
}

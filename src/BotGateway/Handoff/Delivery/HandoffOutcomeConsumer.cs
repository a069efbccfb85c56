using Handoff.Contracts.Events;
using MassTransit;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>HandoffService's verdicts, from RabbitMQ, passed on to the user.</summary>
public sealed class HandoffOutcomeConsumer(OutcomeNotifier notifier)
    : IConsumer<HandoffContextRestored>, IConsumer<HandoffRejected>, IConsumer<HandoffDelayed>
{
    public Task Consume(ConsumeContext<HandoffContextRestored> context) => notifier.WelcomeAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<HandoffDelayed> context) => notifier.DelayedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<HandoffRejected> context) => notifier.RejectedAsync(context.Message, context.CancellationToken);
}

using MassTransit;

namespace Handoff.ServiceDefaults.Tests;

public sealed class ProbeConsumer(ConsumedMessages consumed) : IConsumer<ProbeMessage>
{
    public Task Consume(ConsumeContext<ProbeMessage> context)
    {
        consumed.Add(context.Message.Sequence);
        return Task.CompletedTask;
    }
}

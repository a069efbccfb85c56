using Handoff.Hosting.Infrastructure;

namespace Handoff.TestSupport;

/// <summary>A real RabbitMQ for a test assembly.</summary>
public sealed class RabbitMqFixture() : ProvisionedFixture<RabbitMqBroker>("rabbitmq")
{
    public string ConnectionString => Started.ConnectionString;

    protected override Task<RabbitMqBroker> StartAsync(string directory, CancellationToken cancellationToken) =>
        RabbitMqBroker.StartAsync(directory, LoopbackPorts.Free(), _ => { }, cancellationToken);
}

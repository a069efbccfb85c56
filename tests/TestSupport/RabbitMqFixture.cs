using Handoff.TestSupport.Brokers.Provisioning;

namespace Handoff.TestSupport;

/// <summary>A real RabbitMQ for a test assembly: local rabbitmq-server or a container (<see cref="TestProvisioning"/>).</summary>
public sealed class RabbitMqFixture() : ProvisionedFixture<IRabbitMqEndpoint>("rabbitmq")
{
    protected override Task<IRabbitMqEndpoint> StartAsync(IInfrastructureProvisioner provisioner, string dataDirectory, CancellationToken cancellationToken) =>
        provisioner.StartRabbitMqAsync(dataDirectory, _ => { }, cancellationToken);
}

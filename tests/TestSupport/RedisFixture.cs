using Handoff.TestSupport.Brokers.Provisioning;

namespace Handoff.TestSupport;

/// <summary>A real Redis for a test assembly: local redis-server or a container (<see cref="TestProvisioning"/>).</summary>
public sealed class RedisFixture() : ProvisionedFixture<IRedisEndpoint>("redis")
{
    protected override Task<IRedisEndpoint> StartAsync(IInfrastructureProvisioner provisioner, string dataDirectory, CancellationToken cancellationToken) =>
        provisioner.StartRedisAsync(dataDirectory, _ => { }, cancellationToken);
}

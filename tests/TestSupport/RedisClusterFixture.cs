using Handoff.Hosting.Infrastructure;

namespace Handoff.TestSupport;

/// <summary>A real Redis Cluster of three masters on loopback.</summary>
public sealed class RedisClusterFixture() : ProvisionedFixture<RedisCluster>("redis-cluster")
{
    public string ConnectionString => Cluster.ConnectionString;

    public RedisCluster Cluster => Started;

    protected override Task<RedisCluster> StartAsync(string directory, CancellationToken cancellationToken) =>
        RedisCluster.StartAsync(directory, masters: 3, replicasPerMaster: 0, _ => { }, cancellationToken);
}

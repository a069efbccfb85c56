using Handoff.TestSupport.Brokers;
using Xunit;

namespace Handoff.TestSupport;

/// <summary>
/// A real Redis Cluster of three masters on loopback, always from local processes (the container path has no
/// cluster). Where it cannot start, every test that uses it fails with the reason; none is skipped.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private readonly string _directory = TestDirectories.Create("redis-cluster");
    private RedisCluster? _cluster;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The Redis Cluster did not start; see the fixture's error.");

    public string ConnectionString => Cluster.ConnectionString;

    public async ValueTask InitializeAsync() =>
        _cluster = await RedisCluster.StartAsync(_directory, masters: 3, replicasPerMaster: 0, _ => { }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
    }
}

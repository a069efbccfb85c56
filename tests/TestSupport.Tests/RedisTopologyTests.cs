using Handoff.AppHost.Services;
using System.Diagnostics;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport.Processes;
using Handoff.TestSupport;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Tests;

/// <summary>The Redis topologies beyond one node: a cluster, and the AppHost's Redis with replicas and sentinels.</summary>
public sealed class RedisTopologyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_cluster_with_replicas_covers_every_slot_on_every_node_and_stops_without_leftovers()
    {
        var directory = TestDirectories.Create("redis-cluster-provisioning");
        var clock = Stopwatch.StartNew();
        var cluster = await RedisCluster.StartAsync(directory, masters: 3, replicasPerMaster: 1, _ => { }, TestContext.Current.CancellationToken);
        output.WriteLine($"3 masters and 3 replicas ready in {clock.ElapsedMilliseconds} ms");

        foreach (var node in cluster.Nodes)
        {
            var info = await RedisInlineCommand.SendAsync(node.Port, "CLUSTER INFO", TestContext.Current.CancellationToken);
            Assert.Contains("cluster_state:ok", info, StringComparison.Ordinal);
            Assert.Contains("cluster_slots_assigned:16384", info, StringComparison.Ordinal);
            Assert.Contains("cluster_size:3", info, StringComparison.Ordinal);
        }

        Assert.Equal(string.Join(",", cluster.Nodes.Select(node => $"127.0.0.1:{node.Port}")), cluster.ConnectionString);
        await cluster.StopAsync();

        Assert.All(cluster.Nodes, node => Assert.False(PosixSignals.GroupExists(node.Process.Pid)));
        TestDirectories.Delete(directory);
    }
}

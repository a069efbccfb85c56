using System.Diagnostics;
using Handoff.Hosting.Infrastructure;
using Handoff.Hosting.Orchestration;
using Handoff.Hosting.Processes;
using Handoff.TestSupport;

namespace Handoff.Hosting.Tests;

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

    [Fact]
    public async Task With_redis_replicas_the_AppHost_hands_over_sentinels_and_stays_healthy_through_a_failover_without_restarting()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = DistributedApplicationBuilder.Create(["--data-dir", TestDirectories.Create("replica-set"), "--redis-replicas", "1"]);
        var redis = builder.AddRedis("redis").Resource;
        await using var application = builder.Build();
        await application.StartAsync(cancellation);
        var replicaSet = Assert.IsType<RedisReplicaSet>(redis.Server);
        var processes = replicaSet.Nodes.Concat(replicaSet.Sentinels).Select(server => server.Process.Pid).ToList();

        Assert.Equal(2, replicaSet.Nodes.Count);
        Assert.Equal(3, replicaSet.Sentinels.Count);
        Assert.Equal(string.Join(",", replicaSet.Sentinels.Select(sentinel => $"127.0.0.1:{sentinel.Port}")) + ",serviceName=redis", redis.ConnectionString);
        Assert.Equal(ResourceHealth.Healthy, await redis.CheckHealthAsync(cancellation));

        var clock = Stopwatch.StartNew();
        replicaSet.NodeOn(await replicaSet.PrimaryPortAsync(cancellation)).Process.Kill();
        while (await replicaSet.PrimaryPortAsync(cancellation) == redis.Port || await redis.CheckHealthAsync(cancellation) != ResourceHealth.Healthy)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "The sentinels did not promote the replica within 20 s.");
            await Task.Delay(100, cancellation);
        }

        output.WriteLine($"healthy on the promoted replica {clock.ElapsedMilliseconds} ms after the primary was killed");
        Assert.Equal(ResourceState.Running, redis.State);
        Assert.Equal(0, redis.RestartCount);

        await application.StopAsync();
        Assert.All(processes, pid => Assert.False(PosixSignals.GroupExists(pid)));
    }
}

using Handoff.AppHost.Services;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport.Processes;
using Handoff.TestSupport;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Tests;

/// <summary>The provisioning the AppHost and every integration test share, against the real Debian packages.</summary>
public sealed class InfrastructureTests
{
    [Fact]
    public async Task Redis_starts_on_loopback_answers_and_stops_without_leftovers()
    {
        var directory = TestDirectories.Create("redis-provisioning");
        var server = await RedisServer.StartAsync(directory, LoopbackPorts.Free(), _ => { }, TestContext.Current.CancellationToken);

        Assert.True(await Readiness.RedisPongAsync(server.Port, TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(directory, "appendonlydir", $"appendonly.aof.manifest")), "AOF persistence is on");

        await server.StopAsync();

        Assert.False(PosixSignals.GroupExists(server.Process.Pid));
        TestDirectories.Delete(directory);
    }

    [Fact]
    public async Task RabbitMq_starts_with_its_own_epmd_and_stops_without_leftovers_within_ten_seconds()
    {
        var directory = TestDirectories.Create("rabbitmq-provisioning");
        var broker = await RabbitMqBroker.StartAsync(directory, LoopbackPorts.Free(), _ => { }, TestContext.Current.CancellationToken);

        Assert.True(await Readiness.AmqpHandshakeAsync(broker.Port, TestContext.Current.CancellationToken));
        Assert.StartsWith("amqp://guest:guest@127.0.0.1:", broker.ConnectionString, StringComparison.Ordinal);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await broker.StopAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.False(PosixSignals.GroupExists(broker.Process.Pid));
        Assert.False(PosixSignals.GroupExists(broker.EpmdProcess.Pid));
        TestDirectories.Delete(directory);
    }

    [Fact]
    public async Task A_rabbitmq_node_whose_distribution_port_was_taken_starts_on_another()
    {
        var directory = TestDirectories.Create("rabbitmq-dist-port");
        var epmdPort = LoopbackPorts.Free();
        await using var epmd = ChildProcess.Start(new ChildProcessSpec(RabbitMqBroker.Epmd, ["-port", epmdPort.ToString(), "-address", "127.0.0.1"],
            new Dictionary<string, string>(), directory), _ => { });
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        var port = LoopbackPorts.Free();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();

        await using var node = await RabbitMqNodeProcess.StartAsync(
            new RabbitMqNodeLayout($"handoff-{port}@localhost", directory, directory, port, taken, epmdPort), log.Enqueue,
            TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(await Readiness.AmqpHandshakeAsync(port, TestContext.Current.CancellationToken));
        Assert.NotEqual(taken, node.Settings.DistributionPort);
        Assert.Contains(log, line => line.Contains($"distribution port {taken} was taken; starting it on another", StringComparison.Ordinal));
        await node.StopAsync();
        TestDirectories.Delete(directory);
    }
}

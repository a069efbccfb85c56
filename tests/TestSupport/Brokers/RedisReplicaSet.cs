using Handoff.TestSupport.Processes;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>
/// "A Redis with replicas", to test failover: a primary, its replicas and three Redis Sentinels on loopback. The
/// sentinels fail the primary over a second or two after it stops answering (down-after 1 s). A node that dies
/// stays down, as a crashed pod would until its controller restarts it; the set has exited when no node is left.
/// </summary>
public sealed class RedisReplicaSet : IProvisionedServer, IAsyncDisposable
{
    private const int Quorum = 2;

    private RedisReplicaSet(RedisReplicaSetLayout layout, IReadOnlyList<RedisServer> nodes, IReadOnlyList<RedisServer> sentinels)
    {
        Layout = layout;
        Nodes = nodes;
        Sentinels = sentinels;
    }

    public RedisReplicaSetLayout Layout { get; }

    /// <summary>The data nodes, the first primary first.</summary>
    public IReadOnlyList<RedisServer> Nodes { get; }

    public IReadOnlyList<RedisServer> Sentinels { get; }

    public ChildProcess Process => Nodes[0].Process;

    public Task Exited => Task.WhenAll(Nodes.Select(node => node.Process.Exited));

    public string ConnectionString => Layout.ConnectionString;

    public static async Task<RedisReplicaSet> StartAsync(string dataDirectory, RedisReplicaSetLayout layout, Action<string> log, CancellationToken cancellationToken)
    {
        var started = new List<RedisServer>();
        try
        {
            started.Add(await RedisServer.StartAsync(Path.Combine(dataDirectory, $"node-{layout.PrimaryPort}"), layout.PrimaryPort, log, cancellationToken));
            foreach (var port in layout.ReplicaPorts)
            {
                var replica = await RedisServer.StartAsync(Path.Combine(dataDirectory, $"node-{port}"), port,
                    ["--replicaof", "127.0.0.1", layout.PrimaryPort.ToString()], log, cancellationToken);
                started.Add(replica);
                await Readiness.WaitAsync($"Redis replica on port {port}", token => ReplicationIsUpAsync(port, token),
                    replica.Process.Exited, TimeSpan.FromSeconds(30), cancellationToken);
            }

            var nodes = started.ToList();
            // Sentinels find the replicas in the primary's INFO and each other through its hello channel; a set is
            // ready once every sentinel knows all of them, or a failover could not reach its quorum.
            foreach (var port in layout.SentinelPorts)
            {
                started.Add(await RedisServer.StartSentinelAsync(Path.Combine(dataDirectory, $"sentinel-{port}"), port,
                [
                    $"sentinel monitor {layout.ServiceName} 127.0.0.1 {layout.PrimaryPort} {Quorum}",
                    $"sentinel down-after-milliseconds {layout.ServiceName} 1000",
                    $"sentinel failover-timeout {layout.ServiceName} 3000",
                    $"sentinel parallel-syncs {layout.ServiceName} 1",
                ], log, cancellationToken));
            }

            var sentinels = started.Skip(nodes.Count).ToList();
            var expected = $"slaves={layout.ReplicaPorts.Count},sentinels={layout.SentinelPorts.Count}";
            foreach (var sentinel in sentinels)
            {
                await Readiness.WaitAsync($"Redis Sentinel on port {sentinel.Port}",
                    async token => (await SentinelViewAsync(sentinel.Port, layout.ServiceName, token))?.Contains(expected, StringComparison.Ordinal) == true,
                    sentinel.Process.Exited, TimeSpan.FromSeconds(30), cancellationToken);
            }

            return new RedisReplicaSet(layout, nodes, sentinels);
        }
        catch
        {
            await Task.WhenAll(started.Select(server => server.DisposeAsync().AsTask()));
            throw;
        }
    }

    /// <summary>The port of the primary as the first answering sentinel sees it.</summary>
    public async Task<int> PrimaryPortAsync(CancellationToken cancellationToken)
    {
        foreach (var sentinel in Sentinels.Where(sentinel => !sentinel.Process.HasExited))
        {
            try
            {
                var view = await SentinelViewAsync(sentinel.Port, Layout.ServiceName, cancellationToken);
                var address = view?.Split(',').FirstOrDefault(part => part.StartsWith("address=", StringComparison.Ordinal));
                if (address is not null)
                {
                    return int.Parse(address[(address.LastIndexOf(':') + 1)..]);
                }
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException)
            {
            }
        }

        throw new ProvisioningException($"No sentinel of '{Layout.ServiceName}' names a primary.");
    }

    public RedisServer NodeOn(int port) => Nodes.Single(node => node.Port == port);

    /// <summary>Ready means the primary the sentinels name answers PING.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken) =>
        await Readiness.RedisPongAsync(await PrimaryPortAsync(cancellationToken), cancellationToken);

    public Task StopAsync() => Task.WhenAll(Sentinels.Concat(Nodes).Select(server => server.StopAsync()));

    public async ValueTask DisposeAsync() => await Task.WhenAll(Sentinels.Concat(Nodes).Select(server => server.DisposeAsync().AsTask()));

    private static async Task<bool> ReplicationIsUpAsync(int port, CancellationToken cancellationToken) =>
        (await RedisInlineCommand.SendAsync(port, "INFO replication", cancellationToken))?.Contains("master_link_status:up", StringComparison.Ordinal) == true;

    /// <summary>The sentinel's line for the service: <c>master0:name=…,status=ok,address=127.0.0.1:P,slaves=N,sentinels=M</c>.</summary>
    private static async Task<string?> SentinelViewAsync(int port, string serviceName, CancellationToken cancellationToken) =>
        (await RedisInlineCommand.SendAsync(port, "INFO sentinel", cancellationToken))?
            .Split("\r\n")
            .FirstOrDefault(line => line.Contains($":name={serviceName},", StringComparison.Ordinal));
}

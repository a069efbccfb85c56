using System.Globalization;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>
/// A Redis Cluster on loopback: <c>masters</c> primaries (at least 3, as redis-cli requires) and
/// <c>replicasPerMaster</c> replicas each, every node a <see cref="RedisServer"/> in cluster mode in a folder of
/// ours, joined and given their slots by <c>redis-cli --cluster create</c>. Stopping it stops every node.
/// </summary>
public sealed class RedisCluster : IProvisionedServer, IAsyncDisposable
{
    public const string Cli = "/usr/bin/redis-cli";
    public const string CliPackage = "redis-tools";

    private RedisCluster(IReadOnlyList<RedisServer> nodes)
    {
        Nodes = nodes;
    }

    public IReadOnlyList<RedisServer> Nodes { get; }

    public Processes.ChildProcess Process => Nodes[0].Process;

    public Task Exited => Task.WhenAll(Nodes.Select(node => node.Process.Exited));

    /// <summary>Every node as a seed: StackExchange.Redis discovers the cluster from any of them.</summary>
    public string ConnectionString => string.Join(",", Nodes.Select(node => node.ConnectionString));

    public static async Task<RedisCluster> StartAsync(string dataDirectory, int masters, int replicasPerMaster, Action<string> log, CancellationToken cancellationToken)
    {
        if (masters < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(masters), masters, "A Redis Cluster needs at least 3 masters.");
        }

        await DebianPackage.EnsureInstalledAsync(RedisServer.Program, RedisServer.Package, log, cancellationToken);
        await DebianPackage.EnsureInstalledAsync(Cli, CliPackage, log, cancellationToken);
        var ports = Enumerable.Range(0, masters * (1 + replicasPerMaster)).Select(_ => LoopbackPorts.Free()).ToList();
        // The bus port too: left to Redis it is port + 10,000, which LoopbackPorts never checked, in or near the range
        // client sockets take their ports from (a node "exited before it was ready" in CI).
        var starts = ports.Select(port => RedisServer.StartAsync(Path.Combine(dataDirectory, $"node-{port}"), port,
            ["--cluster-enabled", "yes", "--cluster-port", LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
             "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"], log, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            await StopStartedAsync(starts);
            throw;
        }

        var cluster = new RedisCluster(starts.Select(start => start.Result).ToList());
        try
        {
            var created = await ToolRun.RunAsync(Cli,
            [
                "--cluster", "create", .. ports.Select(port => $"127.0.0.1:{port}"),
                "--cluster-replicas", replicasPerMaster.ToString(), "--cluster-yes",
            ], new Dictionary<string, string>(), cancellationToken);
            if (created.ExitCode != 0 || !created.Output.Contains("All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new ProvisioningException($"redis-cli --cluster create failed (exit {created.ExitCode}):\n{created.Output}");
            }

            foreach (var node in cluster.Nodes)
            {
                await Readiness.WaitAsync($"Redis Cluster node on port {node.Port}", token => ClusterIsOkAsync(node.Port, cluster.Nodes.Count, token),
                    node.Process.Exited, TimeSpan.FromSeconds(30), cancellationToken);
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public Task StopAsync() => Task.WhenAll(Nodes.Select(node => node.StopAsync()));

    public async ValueTask DisposeAsync() => await Task.WhenAll(Nodes.Select(node => node.DisposeAsync().AsTask()));

    /// <summary>The node serves every slot and knows every other node.</summary>
    private static async Task<bool> ClusterIsOkAsync(int port, int nodes, CancellationToken cancellationToken)
    {
        var info = await RedisInlineCommand.SendAsync(port, "CLUSTER INFO", cancellationToken) ?? "";
        return info.Contains("cluster_state:ok", StringComparison.Ordinal)
            && info.Contains($"cluster_known_nodes:{nodes}\r\n", StringComparison.Ordinal);
    }

    private static async Task StopStartedAsync(IEnumerable<Task<RedisServer>> starts)
    {
        foreach (var start in starts.Where(start => start.IsCompletedSuccessfully))
        {
            await start.Result.DisposeAsync();
        }
    }
}

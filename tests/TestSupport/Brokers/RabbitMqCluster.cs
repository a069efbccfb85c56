using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Handoff.TestSupport.Processes;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>
/// Several RabbitMQ nodes on loopback forming one cluster, for quorum queues and failover tests: one epmd and one
/// Erlang cookie (a shared HOME) for all, then every node at once. The first node boots alone; the others find it
/// through classic_config peer discovery, retrying until it is up, and join it. Ready when every node answers
/// the AMQP handshake and rabbitmqctl reports them all running (about 10 s for three nodes on two cores).
/// A node that dies is restarted in place after <c>restartDelay</c>; its data folder remembers the cluster, so it
/// rejoins. <see cref="Lost"/> completes only if a node cannot be brought back.
/// </summary>
public sealed class RabbitMqCluster : IProvisionedServer, IAsyncDisposable
{
    public const string Ctl = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);

    private readonly RabbitMqNodeProcess[] _nodes;
    private readonly string _home;
    private readonly Action<string> _log;
    private readonly Func<int, TimeSpan> _restartDelay;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _supervisors = [];
    private int _restartCount;

    private RabbitMqCluster(ChildProcess epmd, RabbitMqNodeProcess[] nodes, string home, Action<string> log, Func<int, TimeSpan> restartDelay)
    {
        EpmdProcess = epmd;
        _nodes = nodes;
        _home = home;
        _log = log;
        _restartDelay = restartDelay;
    }

    public ChildProcess EpmdProcess { get; }

    /// <summary>The nodes as they run now (a restarted node is a new process).</summary>
    public IReadOnlyList<RabbitMqNodeProcess> Nodes
    {
        get
        {
            lock (_nodes)
            {
                return [.. _nodes];
            }
        }
    }

    /// <summary>The first node's process, for the PID shown beside the resource.</summary>
    public ChildProcess Process => Nodes[0].Process;

    public string ConnectionString => $"amqp://guest:guest@{string.Join(',', Nodes.Select(node => $"127.0.0.1:{node.Port}"))}/";

    public int RestartCount => Volatile.Read(ref _restartCount);

    /// <summary>Completes when a node died and could not be restarted: the cluster as a whole needs a restart.</summary>
    public Task Lost => _lost.Task;

    /// <summary>Raised after a dead node was restarted and answers again, with its node name.</summary>
    public event Action<string>? NodeRestarted;

    public static async Task<RabbitMqCluster> StartAsync(string dataDirectory, IReadOnlyList<int> ports, Action<string> log,
        Func<int, TimeSpan> restartDelay, CancellationToken cancellationToken)
    {
        if (ports.Count < 2)
        {
            throw new ArgumentException("A cluster needs at least two nodes; use RabbitMqBroker for one.", nameof(ports));
        }

        await DebianPackage.EnsureInstalledAsync(RabbitMqNodeProcess.Program, RabbitMqBroker.Package, log, cancellationToken);
        Directory.CreateDirectory(dataDirectory);
        var clock = Stopwatch.StartNew();
        var epmdPort = LoopbackPorts.Free();
        var epmd = RabbitMqBroker.StartEpmd(epmdPort, dataDirectory, log);
        var settings = ports.Select((port, index) => new RabbitMqNodeLayout(
            NodeName(index), Path.Combine(dataDirectory, $"node-{index + 1}"), dataDirectory, port, LoopbackPorts.Free(), epmdPort,
            index == 0 ? "" : RabbitMqNodeLayout.JoinFirstNode(NodeName(0)))).ToArray();
        // One node that cannot start stops the others' wait at once instead of after their own timeouts.
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var starting = settings.Select(async node =>
        {
            try
            {
                return await RabbitMqNodeProcess.StartAsync(node, log, ReadyWithin, startup.Token);
            }
            catch
            {
                await startup.CancelAsync();
                throw;
            }
        }).ToArray();
        try
        {
            var nodes = await Task.WhenAll(starting);
            var cluster = new RabbitMqCluster(epmd, nodes, dataDirectory, log, restartDelay);
            await cluster.WaitUntilAllRunAsync(cancellationToken);
            log($"RabbitMQ cluster of {ports.Count} nodes ready in {clock.Elapsed.TotalSeconds:F1} s.");
            for (var index = 0; index < nodes.Length; index++)
            {
                cluster.Supervise(index);
            }

            return cluster;
        }
        catch
        {
            await Task.WhenAll(starting.Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var node in starting.Where(task => task.IsCompletedSuccessfully))
            {
                await node.Result.DisposeAsync();
            }

            await epmd.DisposeAsync();
            throw;
        }
    }

    public static string NodeName(int index) => $"rabbit-{index + 1}@localhost";

    /// <summary>The nodes that rabbitmqctl, asking each node in turn until one answers, reports as running.</summary>
    public async Task<IReadOnlyList<string>> RunningNodesAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes.Where(node => !node.Process.HasExited))
        {
            var status = await RunCtlAsync(["-n", node.NodeName, "cluster_status", "--formatter", "json"], cancellationToken);
            if (status is not null)
            {
                using var json = JsonDocument.Parse(status);
                return [.. json.RootElement.GetProperty("running_nodes").EnumerateArray().Select(name => name.GetString()!)];
            }
        }

        return [];
    }

    /// <summary>The node each client connection of the cluster is on (to know which node a test's clients use).</summary>
    public async Task<IReadOnlyList<string>> ConnectionNodesAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes.Where(node => !node.Process.HasExited))
        {
            // rabbitmqctl lists a connection's server port, not its node: each node has a port of its own.
            var connections = await RunCtlAsync(["-n", node.NodeName, "list_connections", "port", "--formatter", "json"], cancellationToken);
            if (connections is not null)
            {
                using var json = JsonDocument.Parse(connections);
                var nodeByPort = Nodes.ToDictionary(each => each.Port, each => each.NodeName);
                return [.. json.RootElement.EnumerateArray().Select(connection => nodeByPort.GetValueOrDefault(connection.GetProperty("port").GetInt32(), "?"))];
            }
        }

        return [];
    }

    /// <summary>Waits until rabbitmqctl reports every node running, as after a start or a node's restart.</summary>
    public async Task WaitUntilAllRunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> running = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (Nodes.FirstOrDefault(node => node.Process.HasExited) is { } exited)
            {
                throw new ProvisioningException($"RabbitMQ node {exited.NodeName} exited before the cluster formed.");
            }

            running = await RunningNodesAsync(cancellationToken);
            if (running.Count == _nodes.Length)
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new ProvisioningException(
            $"The RabbitMQ cluster did not form within 30 s: running nodes [{string.Join(", ", running)}] of {_nodes.Length}. Each node's console.log is in its folder under {_home}.");
    }

    public async Task StopAsync()
    {
        await StopSupervisingAsync();
        await Task.WhenAll(Nodes.Select(node => node.StopAsync()));
        await EpmdProcess.StopAsync(TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        await StopSupervisingAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await EpmdProcess.DisposeAsync();
        _stopping.Dispose();
    }


    // A node being restarted right now is abandoned (and its process stopped) before the nodes are.
    private async Task StopSupervisingAsync()
    {
        await _stopping.CancelAsync();
        Task[] supervisors;
        lock (_supervisors)
        {
            supervisors = [.. _supervisors];
        }

        await Task.WhenAll(supervisors);
    }

    private void Supervise(int index)
    {
        lock (_supervisors)
        {
            _supervisors.Add(Task.Run(() => SuperviseAsync(index)));
        }
    }

    private async Task SuperviseAsync(int index)
    {
        var consecutiveCrashes = 0;
        while (!_stopping.IsCancellationRequested)
        {
            var node = Nodes[index];
            var startedAt = Stopwatch.GetTimestamp();
            try
            {
                await node.Process.Exited.WaitAsync(_stopping.Token);
                consecutiveCrashes = Stopwatch.GetElapsedTime(startedAt) > TimeSpan.FromMinutes(1) ? 1 : consecutiveCrashes + 1;
                var delay = _restartDelay(consecutiveCrashes);
                _log($"RabbitMQ node {node.NodeName} exited unexpectedly; restarting it in {delay.TotalSeconds:F0} s.");
                await node.DisposeAsync();
                await Task.Delay(delay, _stopping.Token);
                var restarted = await RabbitMqNodeProcess.StartAsync(node.Settings, _log, ReadyWithin, _stopping.Token);
                lock (_nodes)
                {
                    _nodes[index] = restarted;
                }

                Interlocked.Increment(ref _restartCount);
                _log($"RabbitMQ node {node.NodeName} restarted (pid {restarted.Process.Pid}) and rejoined the cluster.");
                NodeRestarted?.Invoke(node.NodeName);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _log($"RabbitMQ node {node.NodeName} could not be restarted: {exception.Message}");
                _lost.TrySetResult();
                return;
            }
        }
    }

    private async Task<string?> RunCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _home,
            ["ERL_EPMD_PORT"] = Nodes[0].Settings.EpmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        };
        try
        {
            // rabbitmqctl can hang on a node that is half up: a call that takes too long counts as "not yet".
            var result = await ToolRun.RunAsync(Ctl, arguments, environment, cancellationToken, TimeSpan.FromSeconds(15), _home);
            return result.ExitCode == 0 ? result.StandardOutput : null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}

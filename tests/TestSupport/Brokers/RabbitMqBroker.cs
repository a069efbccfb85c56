using Handoff.TestSupport.Processes;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>
/// Debian's RabbitMQ as child processes on loopback: our own epmd on a port of ours (so we know its PID
/// and never touch a system one), then one broker node with its config and data in a folder of ours
/// (<see cref="RabbitMqNodeProcess"/>). Takes about 6 s to start. Several nodes: <see cref="RabbitMqCluster"/>.
/// </summary>
public sealed class RabbitMqBroker : IProvisionedServer, IAsyncDisposable
{
    public const string Program = RabbitMqNodeProcess.Program;
    public const string Epmd = RabbitMqNodeLayout.Epmd;
    public const string Package = "rabbitmq-server";

    private readonly RabbitMqNodeProcess _node;

    private RabbitMqBroker(ChildProcess epmd, RabbitMqNodeProcess node)
    {
        EpmdProcess = epmd;
        _node = node;
    }

    public ChildProcess EpmdProcess { get; }

    public ChildProcess Process => _node.Process;

    public int Port => _node.Port;

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static async Task<RabbitMqBroker> StartAsync(string dataDirectory, int port, Action<string> log, CancellationToken cancellationToken)
    {
        await DebianPackage.EnsureInstalledAsync(Program, Package, log, cancellationToken);
        Directory.CreateDirectory(dataDirectory);
        var epmdPort = LoopbackPorts.Free();
        var epmd = StartEpmd(epmdPort, dataDirectory, log);
        try
        {
            var node = await RabbitMqNodeProcess.StartAsync(
                new RabbitMqNodeLayout($"handoff-{port}@localhost", dataDirectory, dataDirectory, port, LoopbackPorts.Free(), epmdPort),
                log, TimeSpan.FromSeconds(60), cancellationToken);
            return new RabbitMqBroker(epmd, node);
        }
        catch
        {
            await epmd.DisposeAsync();
            throw;
        }
    }

    /// <summary>Our own epmd, on loopback and a port of ours, which the nodes and rabbitmqctl find through <c>ERL_EPMD_PORT</c>.</summary>
    internal static ChildProcess StartEpmd(int epmdPort, string directory, Action<string> log) =>
        ChildProcess.Start(new ChildProcessSpec(Epmd, RabbitMqNodeLayout.EpmdArguments(epmdPort),
            new Dictionary<string, string>(), directory), log);

    public async Task StopAsync()
    {
        await _node.StopAsync();
        await EpmdProcess.StopAsync(TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        await EpmdProcess.DisposeAsync();
    }
}

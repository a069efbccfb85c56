using Handoff.Hosting.Processes;

namespace Handoff.Hosting.Infrastructure;

/// <summary>
/// Debian's RabbitMQ as child processes on loopback: our own epmd on a port of ours (so we know its PID
/// and never touch a system one), then the broker with its node name, ports, config and data in a folder
/// of ours. Plugins are off. Takes about 6 s to start.
/// </summary>
public sealed class RabbitMqBroker : IProvisionedServer, IAsyncDisposable
{
    public const string Program = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    public const string Epmd = "/usr/bin/epmd";
    public const string Package = "rabbitmq-server";

    private readonly LogFile _consoleLog;

    private RabbitMqBroker(ChildProcess epmd, ChildProcess broker, int port, LogFile consoleLog)
    {
        _consoleLog = consoleLog;
        EpmdProcess = epmd;
        Process = broker;
        Port = port;
    }

    public ChildProcess EpmdProcess { get; }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static async Task<RabbitMqBroker> StartAsync(string dataDirectory, int port, Action<string> log, CancellationToken cancellationToken)
    {
        await DebianPackage.EnsureInstalledAsync(Program, Package, log, cancellationToken);
        Directory.CreateDirectory(dataDirectory);
        var epmdPort = LoopbackPorts.Free();
        var distributionPort = LoopbackPorts.Free();
        var configFile = Path.Combine(dataDirectory, "rabbitmq.conf");
        var pluginsFile = Path.Combine(dataDirectory, "enabled_plugins");
        await File.WriteAllTextAsync(configFile, $"""
            listeners.tcp.default = 127.0.0.1:{port}
            loopback_users.guest = true
            log.console = true
            log.console.level = warning
            log.file = false
            """, cancellationToken);
        await File.WriteAllTextAsync(pluginsFile, "[].", cancellationToken);

        var epmd = ChildProcess.Start(new ChildProcessSpec(Epmd, ["-port", epmdPort.ToString(), "-address", "127.0.0.1"],
            new Dictionary<string, string>(), dataDirectory), log);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = dataDirectory,
            ["RABBITMQ_NODENAME"] = $"handoff-{port}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dataDirectory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dataDirectory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = configFile,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = pluginsFile,
            ["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(dataDirectory, "plugins-expand"),
        };
        ChildProcess? broker = null;
        // The broker's console is chatty (banner, feature flags, our readiness probe's closed connections):
        // all of it goes to console.log in its folder, and only errors reach the AppHost's console.
        var consoleLog = new LogFile(Path.Combine(dataDirectory, "console.log"));
        try
        {
            broker = ChildProcess.Start(new ChildProcessSpec(Program, [], environment, dataDirectory), line =>
            {
                consoleLog.Write(line);

                if (line.Contains("[error]", StringComparison.Ordinal) || line.Contains("[critical]", StringComparison.Ordinal))
                {
                    log(line);
                }
            });
            await Readiness.WaitAsync($"RabbitMQ on port {port}", token => Readiness.AmqpHandshakeAsync(port, token),
                broker.Exited, TimeSpan.FromSeconds(60), cancellationToken);
            return new RabbitMqBroker(epmd, broker, port, consoleLog);
        }
        catch
        {
            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            await epmd.DisposeAsync();
            consoleLog.Dispose();
            throw;
        }
    }

    public async Task StopAsync()
    {
        await Process.StopAsync(TimeSpan.FromSeconds(6));
        await EpmdProcess.StopAsync(TimeSpan.FromSeconds(1));
        _consoleLog.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await EpmdProcess.DisposeAsync();
        _consoleLog.Dispose();
    }
}

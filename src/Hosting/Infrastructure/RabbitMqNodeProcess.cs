using Handoff.Hosting.Processes;

namespace Handoff.Hosting.Infrastructure;

/// <summary>One rabbitmq-server node as a child process, ready once it answers the AMQP handshake. Plugins are off.</summary>
public sealed class RabbitMqNodeProcess : IAsyncDisposable
{
    public const string Program = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly LogFile _consoleLog;

    private RabbitMqNodeProcess(RabbitMqNodeSettings settings, ChildProcess process, LogFile consoleLog)
    {
        Settings = settings;
        Process = process;
        _consoleLog = consoleLog;
    }

    public RabbitMqNodeSettings Settings { get; }

    public string NodeName => Settings.NodeName;

    public int Port => Settings.Port;

    public ChildProcess Process { get; }

    public static async Task<RabbitMqNodeProcess> StartAsync(RabbitMqNodeSettings settings, Action<string> log, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Directory);
        var configFile = Path.Combine(settings.Directory, "rabbitmq.conf");
        var pluginsFile = Path.Combine(settings.Directory, "enabled_plugins");
        await File.WriteAllTextAsync(configFile, $"""
            listeners.tcp.default = 127.0.0.1:{settings.Port}
            loopback_users.guest = true
            log.console = true
            log.console.level = warning
            log.file = false
            {settings.ExtraConfig}
            """, cancellationToken);
        await File.WriteAllTextAsync(pluginsFile, "[].", cancellationToken);

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = settings.Home,
            ["RABBITMQ_NODENAME"] = settings.NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = settings.Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = settings.DistributionPort.ToString(),
            ["ERL_EPMD_PORT"] = settings.EpmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            // Without it the distribution (clustering and CLI) port listens on every interface.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(settings.Directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(settings.Directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = configFile,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = pluginsFile,
            ["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(settings.Directory, "plugins-expand"),
        };

        // The distribution port is ours to choose (peers find it through epmd), but a free port can be taken before
        // the node binds it (seen in the tests: dist_port_already_used): then the node starts again on another.
        for (var attempt = 1; ; attempt++)
        {
            var distributionPortTaken = false;
            environment["RABBITMQ_DIST_PORT"] = settings.DistributionPort.ToString();
            // The broker's console is chatty (banner, feature flags, our readiness probe's closed connections):
            // all of it goes to console.log in its folder, and only errors reach the AppHost's console.
            var consoleLog = new LogFile(Path.Combine(settings.Directory, "console.log"));
            ChildProcess? process = null;
            try
            {
                process = ChildProcess.Start(new ChildProcessSpec(Program, [], environment, settings.Directory), line =>
                {
                    consoleLog.Write(line);
                    distributionPortTaken |= line.Contains("dist_port_already_used", StringComparison.Ordinal);
                    if (line.Contains("[error]", StringComparison.Ordinal) || line.Contains("[critical]", StringComparison.Ordinal))
                    {
                        log(line);
                    }
                });
                await Readiness.WaitAsync($"RabbitMQ node {settings.NodeName} on port {settings.Port}",
                    token => Readiness.AmqpHandshakeAsync(settings.Port, token), process.Exited, readyWithin, cancellationToken);
                return new RabbitMqNodeProcess(settings, process, consoleLog);
            }
            catch (Exception exception)
            {
                if (process is not null)
                {
                    await process.DisposeAsync();
                }

                consoleLog.Dispose();
                if (exception is not ProvisioningException || !distributionPortTaken || attempt == 3)
                {
                    throw;
                }

                log($"RabbitMQ node {settings.NodeName}: distribution port {settings.DistributionPort} was taken; starting it on another.");
                settings = settings with { DistributionPort = LoopbackPorts.Free() };
            }
        }
    }

    public async Task StopAsync()
    {
        await Process.StopAsync(TimeSpan.FromSeconds(6));
        _consoleLog.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _consoleLog.Dispose();
    }
}

using Handoff.TestSupport.Processes;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>One rabbitmq-server node as a child process, ready once it answers the AMQP handshake. Plugins are off.</summary>
public sealed class RabbitMqNodeProcess : IAsyncDisposable
{
    public const string Program = RabbitMqNodeLayout.Program;

    private readonly LogFile _consoleLog;

    private RabbitMqNodeProcess(RabbitMqNodeLayout settings, ChildProcess process, LogFile consoleLog)
    {
        Settings = settings;
        Process = process;
        _consoleLog = consoleLog;
    }

    public RabbitMqNodeLayout Settings { get; }

    public string NodeName => Settings.NodeName;

    public int Port => Settings.Port;

    public ChildProcess Process { get; }

    public static async Task<RabbitMqNodeProcess> StartAsync(RabbitMqNodeLayout settings, Action<string> log, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        await settings.WriteFilesAsync(cancellationToken);
        var environment = settings.Environment.ToDictionary();

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
                if (exception is not ProvisioningException)
                {
                    throw;
                }

                if (!distributionPortTaken || attempt == 3)
                {
                    throw new ProvisioningException($"{exception.Message} The end of its console.log:{Environment.NewLine}{Tail(Path.Combine(settings.Directory, "console.log"), 20)}", exception);
                }

                log($"RabbitMQ node {settings.NodeName}: distribution port {settings.DistributionPort} was taken; starting it on another.");
                settings = settings with { DistributionPort = LoopbackPorts.Free() };
            }
        }
    }

    private static string Tail(string path, int lines) =>
        File.Exists(path) ? string.Join(Environment.NewLine, File.ReadLines(path).TakeLast(lines)) : "(none written)";

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

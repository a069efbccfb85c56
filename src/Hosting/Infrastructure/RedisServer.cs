using Handoff.Hosting.Processes;

namespace Handoff.Hosting.Infrastructure;

/// <summary>Debian's redis-server as a child process on loopback, data (AOF, fsync every second) in a folder of ours.</summary>
public sealed class RedisServer : IProvisionedServer, IAsyncDisposable
{
    public const string Program = "/usr/bin/redis-server";
    public const string Package = "redis-server";

    private RedisServer(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    /// <summary>StackExchange.Redis form, as Aspire hands it over in <c>ConnectionStrings__redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(string dataDirectory, int port, Action<string> log, CancellationToken cancellationToken)
    {
        await DebianPackage.EnsureInstalledAsync(Program, Package, log, cancellationToken);
        Directory.CreateDirectory(dataDirectory);
        var process = ChildProcess.Start(new ChildProcessSpec(Program,
        [
            "--port", port.ToString(), "--bind", "127.0.0.1", "--protected-mode", "yes",
            "--dir", dataDirectory, "--daemonize", "no", "--save", "",
            "--appendonly", "yes", "--appendfsync", "everysec",
            "--logfile", "", "--loglevel", "warning",
        ], new Dictionary<string, string>(), dataDirectory), log);
        var server = new RedisServer(process, port);
        try
        {
            await Readiness.WaitAsync($"Redis on port {port}", token => Readiness.RedisPongAsync(port, token),
                process.Exited, TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public Task StopAsync() => Process.StopAsync(TimeSpan.FromSeconds(5));

    public async ValueTask DisposeAsync() => await Process.DisposeAsync();
}

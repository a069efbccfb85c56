using Handoff.TestSupport.Processes;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>
/// Debian's redis-server as a child process on loopback, as the AppHost runs it (<see cref="RedisServerArguments.Server"/>),
/// data in a folder of ours.
/// The same program runs the nodes of a <see cref="RedisCluster"/> and of a <see cref="RedisReplicaSet"/>, and its sentinels.
/// </summary>
public sealed class RedisServer : IProvisionedServer, IAsyncDisposable
{
    public const string Program = RedisServerArguments.Program;
    public const string Package = RedisServerArguments.Package;

    private RedisServer(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    /// <summary>StackExchange.Redis form, as Aspire hands it over in <c>ConnectionStrings__redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static Task<RedisServer> StartAsync(string dataDirectory, int port, Action<string> log, CancellationToken cancellationToken) =>
        StartAsync(dataDirectory, port, [], log, cancellationToken);

    /// <param name="settings">More redis.conf directives as <c>--name value</c> arguments (cluster mode, replicaof…).</param>
    public static Task<RedisServer> StartAsync(string dataDirectory, int port, IReadOnlyList<string> settings, Action<string> log, CancellationToken cancellationToken) =>
        LaunchAsync($"Redis on port {port}", dataDirectory, port, RedisServerArguments.Server(port, dataDirectory, settings), new Dictionary<string, string>(), log, cancellationToken);

    /// <param name="environment">Variables for the process beside the inherited ones (<c>LD_PRELOAD</c>, to slow its disk).</param>
    public static Task<RedisServer> StartAsync(string dataDirectory, int port, IReadOnlyDictionary<string, string> environment, Action<string> log, CancellationToken cancellationToken) =>
        LaunchAsync($"Redis on port {port}", dataDirectory, port, RedisServerArguments.Server(port, dataDirectory), environment, log, cancellationToken);

    /// <summary>
    /// A Redis Sentinel (<c>redis-server sentinel.conf --sentinel</c>). Sentinel rewrites its configuration file as
    /// it learns the topology, so the file lives in <paramref name="dataDirectory"/>.
    /// </summary>
    public static async Task<RedisServer> StartSentinelAsync(string dataDirectory, int port, IReadOnlyList<string> directives, Action<string> log, CancellationToken cancellationToken)
    {
        var arguments = await RedisServerArguments.SentinelAsync(port, dataDirectory, directives, cancellationToken);
        return await LaunchAsync($"Redis Sentinel on port {port}", dataDirectory, port, arguments, new Dictionary<string, string>(), log, cancellationToken);
    }

    public Task StopAsync() => Process.StopAsync(TimeSpan.FromSeconds(5));

    public async ValueTask DisposeAsync() => await Process.DisposeAsync();

    private static async Task<RedisServer> LaunchAsync(
        string what, string dataDirectory, int port, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, Action<string> log, CancellationToken cancellationToken)
    {
        await DebianPackage.EnsureInstalledAsync(Program, Package, log, cancellationToken);
        Directory.CreateDirectory(dataDirectory);
        var process = ChildProcess.Start(new ChildProcessSpec(Program, arguments, environment, dataDirectory), log);
        var server = new RedisServer(process, port);
        try
        {
            await Readiness.WaitAsync(what, token => Readiness.RedisPongAsync(port, token), process.Exited, TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }
}

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// How Handoff runs <c>redis-server</c>, wherever it runs it (the AppHost, the tests' fixtures): loopback only,
/// <see cref="Durability"/> and no RDB snapshots.
/// </summary>
public static class RedisServerArguments
{
    public const string Program = "/usr/bin/redis-server";
    public const string Package = "redis-server";

    /// <summary>
    /// Every write is in the append-only file, fsynced, before Redis answers it, so whatever a service was told is stored
    /// survives a crash of Redis (ADR 0029). With <c>everysec</c> Redis answers while a write waits behind a slow
    /// background fsync (up to 2 s), and a kill then takes it: the welcome's task and its redemption, with it.
    /// </summary>
    public static IReadOnlyList<string> Durability { get; } = ["--appendonly", "yes", "--appendfsync", "always"];

    /// <param name="settings">More redis.conf directives as <c>--name value</c> arguments (cluster mode, replicaof…).</param>
    public static IReadOnlyList<string> Server(int port, string dataDirectory, params IReadOnlyList<string> settings) =>
    [
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "yes",
        "--dir", dataDirectory, "--daemonize", "no", "--save", "",
        .. Durability,
        "--logfile", "", "--loglevel", "warning",
        .. settings,
    ];

    /// <summary>
    /// TLS only, on <paramref name="port"/> (after <see cref="Server"/>'s arguments, the plain listener is closed): the
    /// certificate, key and CA in <paramref name="directory"/> as cert-manager names them (<c>tls.crt</c>, <c>tls.key</c>,
    /// <c>ca.crt</c>); clients are not asked for certificates, they have users.
    /// </summary>
    public static IReadOnlyList<string> Tls(int port, string directory) =>
    [
        "--port", "0", "--tls-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--tls-cert-file", $"{directory}/tls.crt", "--tls-key-file", $"{directory}/tls.key",
        "--tls-ca-cert-file", $"{directory}/ca.crt", "--tls-auth-clients", "no",
    ];

    /// <summary>
    /// A Sentinel (<c>redis-server sentinel.conf --sentinel</c>). Sentinel rewrites its configuration file as it learns the
    /// topology, so the file lives in its data folder and is written only once: a restarted sentinel keeps what it learnt.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SentinelAsync(int port, string dataDirectory, IReadOnlyList<string> directives, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var configFile = Path.Combine(dataDirectory, "sentinel.conf");
        if (!File.Exists(configFile))
        {
            await File.WriteAllLinesAsync(configFile,
            [
                $"port {port}", "bind 127.0.0.1", "protected-mode yes", $"dir {dataDirectory}", "daemonize no",
                "logfile \"\"", "loglevel warning",
                .. directives,
            ], cancellationToken);
        }

        return [configFile, "--sentinel"];
    }
}

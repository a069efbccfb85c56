using System.Globalization;
using System.Security.Cryptography;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>
/// Where one rabbitmq-server node lives and how it is started, wherever Handoff runs it (the AppHost, the tests'
/// fixtures): its Erlang node name, AMQP and distribution ports, the epmd it registers with (ours, on loopback, never
/// a system one), its folder (config, data, logs), the HOME whose <c>.erlang.cookie</c> it shares with its peers, and any
/// extra <c>rabbitmq.conf</c> lines (cluster formation). Plugins are off.
/// </summary>
public sealed record RabbitMqNodeLayout(
    string NodeName,
    string Directory,
    string Home,
    int Port,
    int DistributionPort,
    int EpmdPort,
    string ExtraConfig = "")
{
    public const string Program = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    public const string Epmd = "/usr/bin/epmd";
    public const string Package = "rabbitmq-server";

    // Only the nodes after the first look for peers, and only for the first: nodes that all looked for each other at
    // the same moment could each find nobody up yet and form clusters of one. The retries outlast the first node's boot.
    public static string JoinFirstNode(string firstNodeName) => $"""
        cluster_formation.peer_discovery_backend = classic_config
        cluster_formation.classic_config.nodes.1 = {firstNodeName}
        cluster_formation.discovery_retry_limit = 120
        cluster_formation.discovery_retry_interval = 500
        """;

    public string ConfigFile => Path.Combine(Directory, "rabbitmq.conf");

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_PORT"] = EpmdPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        // Without it the distribution (clustering and CLI) port listens on every interface. -start_epmd false: a node
        // that finds no epmd on its port would start one of its own as a daemon, which nothing stops, and which then
        // holds the port our epmd resource needs; failing its boot instead, it is restarted once ours is up.
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Directory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(Directory, "log"),
        ["RABBITMQ_CONFIG_FILE"] = ConfigFile,
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Directory, "enabled_plugins"),
        ["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(Directory, "plugins-expand"),
    };

    /// <summary>epmd's arguments: loopback and a port of ours, which the nodes and rabbitmqctl find through <c>ERL_EPMD_PORT</c>.</summary>
    public static IReadOnlyList<string> EpmdArguments(int epmdPort) => ["-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"];

    /// <summary>Writes the node's config and plugin list, and the shared Erlang cookie once (before every start: idempotent).</summary>
    public async Task WriteFilesAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllTextAsync(ConfigFile, $"""
            listeners.tcp.default = 127.0.0.1:{Port}
            loopback_users.guest = true
            log.console = true
            log.console.level = warning
            log.file = false
            {ExtraConfig}
            """, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Directory, "enabled_plugins"), "[].", cancellationToken);

        // Erlang refuses a cookie file that others can read; every node and rabbitmqctl read this one through HOME.
        var cookie = Path.Combine(Home, ".erlang.cookie");
        if (!File.Exists(cookie) && !OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Home);
            await File.WriteAllTextAsync(cookie, RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 32), cancellationToken);
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
    }
}

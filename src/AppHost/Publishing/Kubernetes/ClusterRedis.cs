using Handoff.AppHost.Brokers.Redis;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// Redis with append-only persistence fsynced before each answer (<see cref="RedisServerArguments.Durability"/>), bounded memory and an ACL user per service (<see cref="RedisUser"/>); the
/// default user has the operator's password. A service gets <c>ConnectionStrings__{name}</c> in StackExchange.Redis form
/// with its own user (<paramref name="user"/>), or the operator's when the model gave it none.
/// </summary>
internal sealed class ClusterRedis(string name, string? user = null, bool Tls = false) : IClusterBroker
{
    public const string Image = "redis:7.4.2";

    public const string MemoryLimit = "1Gi";

    /// <summary>
    /// Below the container's limit by a quarter: the rest is Redis' own overhead and the fork that rewrites the append-only
    /// file. noeviction: a full Redis refuses writes (the API answers 503) rather than silently drop tokens or tasks.
    /// </summary>
    public const string MaxMemory = "768mb";

    public const string MaxMemoryPolicy = "noeviction";

    public int Port => 6379;

    public bool Tls { get; } = Tls;

    /// <summary>With TLS, StackExchange.Redis checks the certificate against the Service name it connects to.</summary>
    private string Options => Tls ? ",ssl=true" : "";

    public string Name { get; } = name;

    private string PasswordKey => $"{Name}-password";

    private string PasswordVariable => $"{Name.ToUpperInvariant()}_PASSWORD";

    public IReadOnlyList<string> SecretKeys => [PasswordKey, .. RedisUser.Services.Select(service => service.PasswordParameter)];

    public ClusterValue ConnectionString => RedisUser.Services.FirstOrDefault(service => service.Name == user) is { } own
        ? new($"{Name}:{Port}{Options},user={own.Name},password=$({VariableFor(own)})", [ClusterSecret.EnvironmentVariable(VariableFor(own), own.PasswordParameter)])
        : new($"{Name}:{Port}{Options},password=$({PasswordVariable})", [ClusterSecret.EnvironmentVariable(PasswordVariable, PasswordKey)]);

    public IReadOnlyList<Yaml> Manifests =>
    [
        StatefulBroker.HeadlessService(Name, Port, "redis"),
        StatefulBroker.StatefulSet(Name, new Yaml
        {
            ["name"] = Name,
            ["image"] = Image,
            ["args"] = new List<object>(RedisServerArguments.Durability)
            {
                "--maxmemory", MaxMemory, "--maxmemory-policy", MaxMemoryPolicy,
                "--requirepass", $"$({PasswordVariable})",
            }.Concat(TlsArguments).Concat(RedisUser.Services.SelectMany(service => (IEnumerable<object>)["--user", service.Name, .. service.Rules($"$({VariableFor(service)})")])).ToList(),
            ["env"] = new List<object> { ClusterSecret.EnvironmentVariable(PasswordVariable, PasswordKey) }
                .Concat(RedisUser.Services.Select(service => ClusterSecret.EnvironmentVariable(VariableFor(service), service.PasswordParameter))).ToList(),
            ["ports"] = new List<object> { new Yaml { ["name"] = "redis", ["containerPort"] = Port } },
            ["readinessProbe"] = StatefulBroker.TcpProbe(Port, 5),
            ["livenessProbe"] = StatefulBroker.TcpProbe(Port, 20),
            ["resources"] = StatefulBroker.Resources("100m", "256Mi", "1", MemoryLimit),
            ["volumeMounts"] = Tls ? new List<object> { StatefulBroker.TlsMount } : new List<object>(),
        }, "/data", "2Gi", volumes: Tls ? [StatefulBroker.TlsVolume] : []),
    ];

    private IEnumerable<object> TlsArguments => Tls ? RedisServerArguments.Tls(Port, BrokerTlsAnnotation.BrokerDirectory) : [];

    private static string VariableFor(RedisUser service) => service.PasswordParameter.Replace('-', '_').ToUpperInvariant();
}

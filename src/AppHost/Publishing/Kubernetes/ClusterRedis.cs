using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>Redis with a password and append-only persistence; services get <c>ConnectionStrings__{name}</c> in StackExchange.Redis form.</summary>
internal sealed class ClusterRedis(string name) : IClusterBroker
{
    public int Port => 6379;

    public string Name { get; } = name;

    private string PasswordKey => $"{Name}-password";

    private string PasswordVariable => $"{Name.ToUpperInvariant()}_PASSWORD";

    public IReadOnlyList<string> SecretKeys => [PasswordKey];

    public ClusterValue ConnectionString =>
        new($"{Name}:{Port},password=$({PasswordVariable})", [ClusterSecret.EnvironmentVariable(PasswordVariable, PasswordKey)]);

    public IReadOnlyList<Yaml> Manifests =>
    [
        StatefulBroker.HeadlessService(Name, Port, "redis"),
        StatefulBroker.StatefulSet(Name, new Yaml
        {
            ["name"] = Name,
            ["image"] = "redis:7.4",
            ["args"] = new List<object> { "--appendonly", "yes", "--requirepass", $"$({PasswordVariable})" },
            ["env"] = new List<object> { ClusterSecret.EnvironmentVariable(PasswordVariable, PasswordKey) },
            ["ports"] = new List<object> { new Yaml { ["name"] = "redis", ["containerPort"] = Port } },
            ["readinessProbe"] = StatefulBroker.TcpProbe(Port, 5),
            ["livenessProbe"] = StatefulBroker.TcpProbe(Port, 20),
            ["resources"] = StatefulBroker.Resources("100m", "256Mi", "1", "1Gi"),
        }, "/data", "2Gi"),
    ];
}

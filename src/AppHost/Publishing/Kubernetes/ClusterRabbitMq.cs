using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// RabbitMQ with its own user (the image's <c>RABBITMQ_DEFAULT_USER</c>/<c>_PASS</c>); services get
/// <c>ConnectionStrings__{name}</c> as the <c>amqp://user:pass@host:port/</c> URI MessagingRegistration reads.
/// </summary>
internal sealed class ClusterRabbitMq(string name) : IClusterBroker
{
    public int Port => 5672;

    public string Name { get; } = name;

    private string UserKey => $"{Name}-username";

    private string PasswordKey => $"{Name}-password";

    private string UserVariable => $"{Name.ToUpperInvariant()}_USERNAME";

    private string PasswordVariable => $"{Name.ToUpperInvariant()}_PASSWORD";

    public IReadOnlyList<string> SecretKeys => [UserKey, PasswordKey];

    public ClusterValue ConnectionString => new($"amqp://$({UserVariable}):$({PasswordVariable})@{Name}:{Port}/",
        [ClusterSecret.EnvironmentVariable(UserVariable, UserKey), ClusterSecret.EnvironmentVariable(PasswordVariable, PasswordKey)]);

    public IReadOnlyList<Yaml> Manifests =>
    [
        StatefulBroker.HeadlessService(Name, Port, "amqp"),
        StatefulBroker.StatefulSet(Name, new Yaml
        {
            ["name"] = Name,
            ["image"] = "rabbitmq:4.1",
            ["env"] = new List<object>
            {
                ClusterSecret.EnvironmentVariable("RABBITMQ_DEFAULT_USER", UserKey),
                ClusterSecret.EnvironmentVariable("RABBITMQ_DEFAULT_PASS", PasswordKey),
            },
            ["ports"] = new List<object> { new Yaml { ["name"] = "amqp", ["containerPort"] = Port } },
            ["readinessProbe"] = StatefulBroker.TcpProbe(Port, 10),
            ["livenessProbe"] = new Yaml
            {
                ["exec"] = new Yaml { ["command"] = new List<object> { "rabbitmq-diagnostics", "-q", "ping" } },
                ["initialDelaySeconds"] = 30,
                ["periodSeconds"] = 30,
                ["timeoutSeconds"] = 10,
            },
            ["resources"] = StatefulBroker.Resources("250m", "512Mi", "2", "2Gi"),
        }, "/var/lib/rabbitmq", "4Gi"),
    ];
}

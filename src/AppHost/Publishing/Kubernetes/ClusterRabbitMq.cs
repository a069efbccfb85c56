using Handoff.AppHost.Brokers.RabbitMq;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// RabbitMQ with a user per service (<see cref="RabbitMqUser"/>) and an administrator for the operator, imported at boot
/// from definitions an init container writes to memory from the Secret's passwords. A service gets
/// <c>ConnectionStrings__{name}</c> as the <c>amqp://user:pass@host:port/</c> URI MessagingRegistration reads, with its own
/// user (<paramref name="user"/>), or the administrator when the model gave it none.
/// </summary>
internal sealed class ClusterRabbitMq(string name, string? user = null, bool Tls = false) : IClusterBroker
{
    public const string Image = "rabbitmq:4.1.0";

    public const string DefinitionsDirectory = "/etc/rabbitmq/definitions";

    /// <summary>A conf.d file beside the image's own defaults: rabbitmq reads every file there.</summary>
    public const string ConfigFile = "/etc/rabbitmq/conf.d/20-handoff.conf";

    public int Port => Tls ? 5671 : 5672;

    public bool Tls { get; } = Tls;

    private string Scheme => Tls ? "amqps" : "amqp";

    public string Name { get; } = name;

    public string DefinitionsConfigMap => $"{Name}-definitions";

    private string PasswordKey => $"{Name}-password";

    private string PasswordVariable => $"{Name.ToUpperInvariant()}_PASSWORD";

    public IReadOnlyList<string> SecretKeys => [PasswordKey, .. RabbitMqUser.Services.Select(service => service.PasswordParameter)];

    public ClusterValue ConnectionString => RabbitMqUser.Services.FirstOrDefault(service => service.Name == user) is { } own
        ? new($"{Scheme}://{own.Name}:$({VariableFor(own)})@{Name}:{Port}/", [ClusterSecret.EnvironmentVariable(VariableFor(own), own.PasswordParameter)])
        : new($"{Scheme}://{RabbitMqDefinitions.AdministratorName}:$({PasswordVariable})@{Name}:{Port}/", [ClusterSecret.EnvironmentVariable(PasswordVariable, PasswordKey)]);

    public IReadOnlyList<Yaml> Manifests =>
    [
        DefinitionsTemplate(),
        StatefulBroker.HeadlessService(Name, Port, "amqp"),
        StatefulBroker.StatefulSet(Name, new Yaml
        {
            ["name"] = Name,
            ["image"] = Image,
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
            ["volumeMounts"] = new List<object>
            {
                PodSecurity.Mount("definitions", DefinitionsDirectory),
                new Yaml { ["name"] = "template", ["mountPath"] = ConfigFile, ["subPath"] = Path.GetFileName(ConfigFile) },
            }.Concat(Tls ? [StatefulBroker.TlsMount] : Array.Empty<object>()).ToList(),
        }, "/var/lib/rabbitmq", "4Gi",
        volumes:
        [
            PodSecurity.EmptyDirectory("definitions", inMemory: true),
            new Yaml { ["name"] = "template", ["configMap"] = new Yaml { ["name"] = DefinitionsConfigMap } },
            .. Tls ? [StatefulBroker.TlsVolume] : Array.Empty<Yaml>(),
        ],
        initContainers: [DefinitionsWriter()]),
    ];

    /// <summary>The definitions with <c>@user@</c> where each password goes, and the config line that imports them.</summary>
    private Yaml DefinitionsTemplate() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = KubernetesObject.Metadata(DefinitionsConfigMap),
        ["data"] = new Yaml
        {
            ["definitions.json"] = RabbitMqDefinitions.Json(Placeholders()),
            [Path.GetFileName(ConfigFile)] = string.Join("\n", [RabbitMqDefinitions.ConfigLine($"{DefinitionsDirectory}/definitions.json"), .. TlsConfig, ""]),
        },
    };

    /// <summary>Puts the passwords into the template (they are letters and digits: nothing for sed to escape).</summary>
    private Yaml DefinitionsWriter()
    {
        var substitutions = string.Join(" ", Placeholders().Select(pair => $"-e \"s/{pair.Value}/${{{VariableOf(pair.Key)}}}/\""));
        return new Yaml
        {
            ["name"] = "definitions",
            ["image"] = Image,
            ["command"] = new List<object> { "sh", "-c", $"sed {substitutions} /template/definitions.json > {DefinitionsDirectory}/definitions.json" },
            ["env"] = new List<object> { ClusterSecret.EnvironmentVariable(PasswordVariable, PasswordKey) }
                .Concat(RabbitMqUser.Services.Select(service => ClusterSecret.EnvironmentVariable(VariableFor(service), service.PasswordParameter))).ToList(),
            ["securityContext"] = PodSecurity.Container(),
            ["volumeMounts"] = new List<object> { PodSecurity.Mount("template", "/template"), PodSecurity.Mount("definitions", DefinitionsDirectory) },
            ["resources"] = StatefulBroker.Resources("10m", "16Mi", "100m", "64Mi"),
        };
    }

    /// <summary>TLS only: no plain listener; clients are not asked for certificates (they have users).</summary>
    private IEnumerable<string> TlsConfig => Tls
        ?
        [
            "listeners.tcp = none", $"listeners.ssl.default = {Port}",
            $"ssl_options.cacertfile = {BrokerTlsAnnotation.BrokerDirectory}/ca.crt",
            $"ssl_options.certfile = {BrokerTlsAnnotation.BrokerDirectory}/tls.crt",
            $"ssl_options.keyfile = {BrokerTlsAnnotation.BrokerDirectory}/tls.key",
            "ssl_options.verify = verify_none", "ssl_options.fail_if_no_peer_cert = false",
        ]
        : [];

    private static Dictionary<string, string> Placeholders() =>
        new[] { RabbitMqDefinitions.AdministratorName }.Concat(RabbitMqUser.Services.Select(service => service.Name))
            .ToDictionary(userName => userName, userName => $"@{userName}@");

    private string VariableOf(string userName) => RabbitMqUser.Services.FirstOrDefault(service => service.Name == userName) is { } service
        ? VariableFor(service)
        : PasswordVariable;

    private static string VariableFor(RabbitMqUser service) => service.PasswordParameter.Replace('-', '_').ToUpperInvariant();
}

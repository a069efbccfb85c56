using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// One broker pod with a PersistentVolumeClaim and a headless Service: enough for Handoff's state (tokens live
/// minutes, conversations a day). A managed Redis or a RabbitMQ cluster operator replaces it: drop its file
/// from kustomization.yaml and point the connection string at it.
/// </summary>
internal static class StatefulBroker
{
    /// <summary>The user the official redis and rabbitmq images create for the server; started as it, they skip their own switch from root.</summary>
    public const int ImageUser = 999;

    public static Yaml HeadlessService(string name, int port, string portName) =>
        KubernetesObject.Create("v1", "Service", name, new Yaml
        {
            // Headless: the StatefulSet's pod gets stable DNS, and clients resolve straight to it.
            ["clusterIP"] = "None",
            ["selector"] = KubernetesObject.Selector(name),
            ["ports"] = new List<object> { new Yaml { ["name"] = portName, ["port"] = port, ["targetPort"] = port } },
        });

    /// <summary>
    /// The broker's pod, as every Handoff pod runs (<see cref="PodSecurity"/>) as the image's own user 999: its data on the
    /// claim, <c>/tmp</c> and <paramref name="volumes"/> as emptyDirs, <paramref name="initContainers"/> run first.
    /// </summary>
    public static Yaml StatefulSet(string name, Yaml container, string dataPath, string storage,
        IReadOnlyList<Yaml>? volumes = null, IReadOnlyList<Yaml>? initContainers = null)
    {
        var mounts = container.GetValueOrDefault("volumeMounts") as List<object> ?? [];
        container["volumeMounts"] = (List<object>)[PodSecurity.Mount("data", dataPath), PodSecurity.TemporaryFilesMount, .. mounts];
        container["securityContext"] = PodSecurity.Container();
        var pod = new Yaml
        {
            ["securityContext"] = PodSecurity.Pod(user: ImageUser),
            ["automountServiceAccountToken"] = false,
        };
        if (initContainers is { Count: > 0 })
        {
            pod["initContainers"] = initContainers.Cast<object>().ToList();
        }

        pod["containers"] = new List<object> { container };
        pod["volumes"] = (List<object>)[PodSecurity.TemporaryFilesVolume, .. volumes ?? []];
        return KubernetesObject.Create("apps/v1", "StatefulSet", name, new Yaml
        {
            ["serviceName"] = name,
            ["replicas"] = 1,
            ["selector"] = new Yaml { ["matchLabels"] = KubernetesObject.Selector(name) },
            ["template"] = new Yaml
            {
                ["metadata"] = new Yaml { ["labels"] = KubernetesObject.Labels(name) },
                ["spec"] = pod,
            },
            ["volumeClaimTemplates"] = new List<object>
            {
                new Yaml
                {
                    ["metadata"] = new Yaml { ["name"] = "data" },
                    ["spec"] = new Yaml
                    {
                        ["accessModes"] = new List<object> { "ReadWriteOnce" },
                        ["resources"] = new Yaml { ["requests"] = new Yaml { ["storage"] = storage } },
                    },
                },
            },
        });
    }

    /// <summary>The broker's certificate, key and CA (<see cref="BrokerTlsAnnotation.SecretName"/>), readable by its group (fsGroup).</summary>
    public static Yaml TlsVolume => new()
    {
        ["name"] = "tls",
        ["secret"] = new Yaml { ["secretName"] = BrokerTlsAnnotation.SecretName, ["defaultMode"] = 0b100_100_000 },
    };

    public static Yaml TlsMount => new() { ["name"] = "tls", ["mountPath"] = BrokerTlsAnnotation.BrokerDirectory, ["readOnly"] = true };

    public static Yaml TcpProbe(int port, int periodSeconds) => new()
    {
        ["tcpSocket"] = new Yaml { ["port"] = port },
        ["periodSeconds"] = periodSeconds,
    };

    public static Yaml Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        ["requests"] = new Yaml { ["cpu"] = cpuRequest, ["memory"] = memoryRequest },
        ["limits"] = new Yaml { ["cpu"] = cpuLimit, ["memory"] = memoryLimit },
    };
}

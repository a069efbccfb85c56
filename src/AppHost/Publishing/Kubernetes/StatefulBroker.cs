using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// One broker pod with a PersistentVolumeClaim and a headless Service: enough for Handoff's state (tokens live
/// minutes, conversations a day). A managed Redis or a RabbitMQ cluster operator replaces it: drop its file
/// from kustomization.yaml and point the connection string at it.
/// </summary>
internal static class StatefulBroker
{
    public static Yaml HeadlessService(string name, int port, string portName) =>
        KubernetesObject.Create("v1", "Service", name, new Yaml
        {
            // Headless: the StatefulSet's pod gets stable DNS, and clients resolve straight to it.
            ["clusterIP"] = "None",
            ["selector"] = KubernetesObject.Selector(name),
            ["ports"] = new List<object> { new Yaml { ["name"] = portName, ["port"] = port, ["targetPort"] = port } },
        });

    public static Yaml StatefulSet(string name, Yaml container, string dataPath, string storage) =>
        KubernetesObject.Create("apps/v1", "StatefulSet", name, new Yaml
        {
            ["serviceName"] = name,
            ["replicas"] = 1,
            ["selector"] = new Yaml { ["matchLabels"] = KubernetesObject.Selector(name) },
            ["template"] = new Yaml
            {
                ["metadata"] = new Yaml { ["labels"] = KubernetesObject.Labels(name) },
                ["spec"] = new Yaml
                {
                    ["securityContext"] = new Yaml { ["fsGroup"] = 999 },
                    ["containers"] = new List<object>
                    {
                        WithVolume(container, dataPath),
                    },
                },
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

    private static Yaml WithVolume(Yaml container, string dataPath)
    {
        container["volumeMounts"] = new List<object> { new Yaml { ["name"] = "data", ["mountPath"] = dataPath } };
        return container;
    }
}

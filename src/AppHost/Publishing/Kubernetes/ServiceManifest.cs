using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>Every service listens on 8080 in its container (<c>ASPNETCORE_HTTP_PORTS</c>) and is reached on port 80 of its Service.</summary>
internal static class ServiceManifest
{
    public const int Port = 80;

    public const int ContainerPort = 8080;

    public const string PortName = "http";

    public static string InClusterUrl(string service) => $"http://{service}:{Port}";

    public static Yaml For(string service) => KubernetesObject.Create("v1", "Service", service, new Yaml
    {
        ["type"] = "ClusterIP",
        ["selector"] = KubernetesObject.Selector(service),
        ["ports"] = new List<object>
        {
            new Yaml { ["name"] = PortName, ["port"] = Port, ["targetPort"] = ContainerPort, ["protocol"] = "TCP" },
        },
    });
}

using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>A service's plain settings, read whole with <c>envFrom</c>; edit it (or patch it in an overlay) to change them.</summary>
internal static class ConfigMapManifest
{
    public static string NameFor(string service) => $"{service}-env";

    public static Yaml For(string service, ClusterEnvironment environment) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = KubernetesObject.Metadata(NameFor(service)),
        ["data"] = environment.ConfigMap.ToDictionary(pair => pair.Key, pair => (object?)pair.Value),
    };
}

using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>The parts every manifest shares: metadata, the labels a resource's objects carry and select on.</summary>
internal static class KubernetesObject
{
    public const string PartOf = "handoff";

    public static Yaml Create(string apiVersion, string kind, string name, Yaml spec) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = Metadata(name),
        ["spec"] = spec,
    };

    public static Yaml Metadata(string name) => new() { ["name"] = name, ["labels"] = Labels(name) };

    public static Yaml Labels(string name) => new()
    {
        ["app.kubernetes.io/name"] = name,
        ["app.kubernetes.io/part-of"] = PartOf,
    };

    /// <summary>Selects on the name only: part-of is shared by every resource.</summary>
    public static Yaml Selector(string name) => new() { ["app.kubernetes.io/name"] = name };
}

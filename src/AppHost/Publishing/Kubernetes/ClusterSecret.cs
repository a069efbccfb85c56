using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// The one Secret the operator creates (<c>kubectl create secret generic handoff-secrets --from-literal=…</c>).
/// The manifests only ever name its keys: no secret value is written by the publisher, not even a placeholder.
/// </summary>
internal static class ClusterSecret
{
    public const string Name = "handoff-secrets";

    public static Yaml EnvironmentVariable(string variable, string key, bool optional = false)
    {
        var reference = new Yaml { ["name"] = Name, ["key"] = key };
        if (optional)
        {
            reference["optional"] = true;
        }

        return new Yaml { ["name"] = variable, ["valueFrom"] = new Yaml { ["secretKeyRef"] = reference } };
    }
}

using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// One environment value as the cluster sees it: <paramref name="Text"/>, which may name secrets as Kubernetes'
/// <c>$(VAR)</c>, and the secretKeyRef variables that must be declared before it for the expansion to work.
/// </summary>
internal sealed record ClusterValue(string Text, IReadOnlyList<Yaml> Secrets)
{
    public static ClusterValue Plain(string text) => new(text, []);

    public bool IsPlain => Secrets.Count == 0;
}

using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// Lists every file and each service's image, so <c>kubectl apply -k</c> deploys the lot and
/// <c>kustomize edit set image handoff/botgateway=registry.example.com/botgateway:1.2.3</c> points at real images.
/// </summary>
internal static class KustomizationManifest
{
    public const string FileName = "kustomization.yaml";

    public static Yaml For(IEnumerable<string> resourceFiles, IEnumerable<string> services) => new()
    {
        ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
        ["kind"] = "Kustomization",
        ["resources"] = resourceFiles.Cast<object>().ToList(),
        ["images"] = services
            .Select(service => (object)new Yaml { ["name"] = DeploymentManifest.ImageFor(service), ["newTag"] = "latest" })
            .ToList(),
    };
}

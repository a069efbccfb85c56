using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// Writes the model as Kubernetes manifests: per service a ConfigMap, Deployment, Service and
/// HorizontalPodAutoscaler; per broker a StatefulSet with its volume and a headless Service; the NetworkPolicies; a
/// kustomization.yaml.
/// </summary>
internal static class KubernetesPublisher
{
    public static IReadOnlyList<string> Write(IReadOnlyList<(ProjectResource Project, ClusterEnvironment Environment)> services, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var secretKeys = new SortedSet<string>(StringComparer.Ordinal);

        // The brokers the services reference, once each, whatever runs them locally.
        foreach (var broker in services.SelectMany(service => service.Environment.Brokers).DistinctBy(broker => broker.Name))
        {
            secretKeys.UnionWith(broker.SecretKeys);
            written.Add(YamlFile.Write(directory, $"{broker.Name}.yaml",
                [$"{broker.Name}: one pod with a volume; replace with a managed service or an operator by removing this file from kustomization.yaml."],
                broker.Manifests));
        }

        foreach (var (project, environment) in services)
        {
            secretKeys.UnionWith(environment.SecretKeys);
            written.Add(YamlFile.Write(directory, $"{project.Name}.yaml", CommentsFor(project),
                [ConfigMapManifest.For(project.Name, environment), DeploymentManifest.For(project, environment),
                 ServiceManifest.For(project.Name), AutoscalerManifest.For(project)]));
        }

        written.Add(YamlFile.Write(directory, NetworkPolicyManifest.FileName,
            ["Default deny, then only the calls the model makes. Needs a network plugin that enforces NetworkPolicy (Calico, Cilium…).",
             $"Egress on port {NetworkPolicyManifest.OtlpPort} (OTLP) and, for the gateway, {NetworkPolicyManifest.HttpsPort} goes anywhere: narrow it to your collector and egress gateway."],
            NetworkPolicyManifest.For(services)));

        var files = written.Select(Path.GetFileName).OfType<string>().ToList();
        written.Add(YamlFile.Write(directory, KustomizationManifest.FileName,
        [
            "Written by 'dotnet run --project src/AppHost -- publish'; regenerate rather than edit (patch in an overlay instead).",
            $"Before 'kubectl apply -k .', create the Secret '{ClusterSecret.Name}' in the same namespace with these keys:",
            .. secretKeys.Select(key => $"  {key}"),
            $"e.g. kubectl create secret generic {ClusterSecret.Name} --from-literal={secretKeys.First()}=… (one --from-literal per key).",
            "Broker passwords go into connection strings: use letters and digits only (openssl rand -hex 24).",
        ],
        [KustomizationManifest.For(files, services.Select(service => service.Project.Name))]));
        return written;
    }

    private static IEnumerable<string> CommentsFor(ProjectResource project)
    {
        yield return $"{project.Name}: ConfigMap, Deployment, Service, HorizontalPodAutoscaler.";
        if (project.Annotations.OfType<EndpointAnnotation>().Any(endpoint => endpoint.IsExternal))
        {
            yield return $"Teams and Copilot call https://<your host>/api/messages: expose this Service (port {ServiceManifest.Port} -> {ServiceManifest.ContainerPort})";
            yield return "through an Ingress or Gateway with TLS, and register that URL as the bot's messaging endpoint.";
        }

        if (AutoscalingAnnotation.For(project).Queue is { } queue)
        {
            yield return $"The External metric {AutoscalingAnnotation.QueueDepthMetric} (queue {queue}) needs a metrics adapter";
            yield return "(KEDA or prometheus-adapter); without one the HPA scales on CPU only and reports the metric as unavailable.";
        }

        yield return $"{ClusterEnvironment.OtlpEndpointPlaceholder} in the ConfigMap is a placeholder: point OTEL_EXPORTER_OTLP_ENDPOINT at your collector.";
    }
}

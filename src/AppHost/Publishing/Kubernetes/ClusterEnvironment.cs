using Handoff.Hosting.Orchestration;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// A service's environment in the cluster, from the same model a local run uses: what the AppHost would hand it
/// on loopback, with in-cluster addresses instead. Plain values go to the service's ConfigMap; secrets and the
/// connection strings that embed a broker password are Deployment variables with secretKeyRefs.
/// </summary>
internal sealed record ClusterEnvironment(IReadOnlyDictionary<string, string> ConfigMap, IReadOnlyList<Yaml> Variables)
{
    /// <summary>
    /// A placeholder: point it at the OpenTelemetry Collector (or Aspire dashboard) of the cluster. The services
    /// export over OTLP only when it is set, so removing it turns export off.
    /// </summary>
    public const string OtlpEndpointPlaceholder = "http://otel-collector:4317";

    public static ClusterEnvironment For(ProjectResource project)
    {
        var configMap = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpEndpointPlaceholder,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        };
        var variables = new List<Yaml>();

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case ProjectResource service:
                    // Aspire's service-discovery form, resolved by Microsoft.Extensions.ServiceDiscovery as on loopback.
                    configMap[$"services__{service.Name}__http__0"] = ServiceManifest.InClusterUrl(service.Name);
                    break;
                case var broker when IClusterBroker.For(broker) is { } clusterBroker:
                    variables.AddRange(clusterBroker.ClientEnvironment);
                    break;
                default:
                    throw new InvalidOperationException($"{project.Name} references {reference.Name} ({reference.Kind}), which the publisher cannot place in a cluster.");
            }
        }

        foreach (var (name, value) in project.Environment)
        {
            configMap[name] = value;
        }

        foreach (var (name, parameter) in project.ParameterEnvironment)
        {
            if (parameter.Secret)
            {
                variables.Add(ClusterSecret.EnvironmentVariable(name, parameter.Name, parameter.Optional));
            }
            else if (parameter.Value is not null)
            {
                configMap[name] = parameter.Value;
            }
        }

        return new ClusterEnvironment(configMap, variables);
    }

    public IEnumerable<string> SecretKeys =>
        Variables.Select(variable => variable.GetValueOrDefault("valueFrom"))
            .OfType<Yaml>()
            .Select(valueFrom => (Yaml)valueFrom["secretKeyRef"]!)
            .Select(reference => (string)reference["key"]!);
}

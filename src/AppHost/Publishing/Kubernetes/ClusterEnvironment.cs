using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// A service's environment in the cluster, from the same model a local run uses: what its environment callbacks hand
/// it in publish mode, with in-cluster addresses instead of loopback ones. Plain values go to the service's ConfigMap;
/// secrets and the values that embed one (a broker's connection string) are Deployment variables with secretKeyRefs.
/// </summary>
internal sealed record ClusterEnvironment(IReadOnlyDictionary<string, string> ConfigMap, IReadOnlyList<Yaml> Variables, IReadOnlyList<IClusterBroker> Brokers)
{
    /// <summary>
    /// A placeholder: point it at the OpenTelemetry Collector (or Aspire dashboard) of the cluster. The services
    /// export over OTLP only when it is set, so removing it turns export off.
    /// </summary>
    public const string OtlpEndpointPlaceholder = "http://otel-collector:4317";

    /// <summary>
    /// About the local process tree, not the service: in a container the service is the root of its own, and a pod
    /// that exits with its parent would restart for nothing.
    /// </summary>
    private static readonly HashSet<string> LocalOnly = new(StringComparer.Ordinal) { "Hosting__ExitWithParent" };

    public static async Task<ClusterEnvironment> ForAsync(ProjectResource project, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        var model = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(executionContext, project, model, cancellationToken);
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var brokers = new Dictionary<string, IClusterBroker>(StringComparer.Ordinal);
        var values = new ClusterValues(project, resource =>
        {
            if (IClusterBroker.For(resource) is not { } broker)
            {
                return null;
            }

            return brokers.TryAdd(broker.Name, broker) ? broker : brokers[broker.Name];
        });

        var configMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var variables = new List<Yaml>();
        foreach (var (name, value) in model.Where(pair => !LocalOnly.Contains(pair.Key)))
        {
            if (value is ParameterResource { Secret: true } secret)
            {
                // The whole value is the secret: the variable is the reference itself.
                variables.Add(ClusterSecret.EnvironmentVariable(name, secret.Name, IsOptional(secret)));
                continue;
            }

            var resolved = await values.ResolveAsync(value, cancellationToken);
            if (resolved.IsPlain)
            {
                configMap[name] = resolved.Text;
                continue;
            }

            var declared = variables.Select(variable => (string?)variable["name"]).ToHashSet();
            variables.AddRange(resolved.Secrets.Where(secret => !declared.Contains((string?)secret["name"])));
            variables.Add(new Yaml { ["name"] = name, ["value"] = resolved.Text });
        }

        // The model's values describe the loopback run (Development, the dashboard's OTLP endpoint): the cluster's win.
        configMap["ASPNETCORE_ENVIRONMENT"] = "Production";
        configMap.Remove("DOTNET_ENVIRONMENT");
        configMap["OTEL_SERVICE_NAME"] = project.Name;
        configMap["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpEndpointPlaceholder;
        configMap["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        configMap.Remove("OTEL_EXPORTER_OTLP_HEADERS");
        if (brokers.Values.Any(broker => broker.Tls))
        {
            configMap["SSL_CERT_DIR"] = BrokerTlsAnnotation.TrustedDirectories;
        }

        return new ClusterEnvironment(configMap, variables, [.. brokers.Values]);
    }

    /// <summary>
    /// A secret the AppHost can make up for a local run (the encryption and pseudonym keys) has a default and must be
    /// in the Secret; one without (the bot registration, the admin key) is one the services run without.
    /// </summary>
    private static bool IsOptional(ParameterResource secret) => secret.Default is null;

    public IEnumerable<string> SecretKeys =>
        Variables.Select(variable => variable.GetValueOrDefault("valueFrom"))
            .OfType<Yaml>()
            .Select(valueFrom => (Yaml)valueFrom["secretKeyRef"]!)
            .Select(reference => (string)reference["key"]!);
}

using Aspire.Hosting.ApplicationModel;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// Default deny, then exactly the model's arrows: a pod takes connections only from what references it (the gateway
/// from anywhere: Teams calls it), a broker only from the services that reference it, and every pod may resolve names.
/// Egress is what each service references, its OTLP export, and for the gateway HTTPS out (the Bot Connector, Entra ID).
/// Kubelet probes are not pod traffic and pass on the usual network plugins.
/// </summary>
internal static class NetworkPolicyManifest
{
    public const string FileName = "network-policies.yaml";

    public const string DefaultDeny = "default-deny";

    public const string AllowDns = "allow-dns";

    public const int OtlpPort = 4317;

    public const int HttpsPort = 443;

    public static IReadOnlyList<Yaml> For(IReadOnlyList<(ProjectResource Project, ClusterEnvironment Environment)> services)
    {
        var policies = new List<Yaml>
        {
            Policy(DefaultDeny, new Yaml(), new Yaml { ["policyTypes"] = new List<object> { "Ingress", "Egress" } }),
            Policy(AllowDns, new Yaml(), new Yaml
            {
                ["policyTypes"] = new List<object> { "Egress" },
                ["egress"] = new List<object>
                {
                    new Yaml
                    {
                        ["to"] = new List<object>
                        {
                            new Yaml
                            {
                                ["namespaceSelector"] = new Yaml(),
                                ["podSelector"] = new Yaml { ["matchLabels"] = new Yaml { ["k8s-app"] = "kube-dns" } },
                            },
                        },
                        ["ports"] = new List<object> { Port(53, "UDP"), Port(53, "TCP") },
                    },
                },
            }),
        };

        foreach (var (project, environment) in services)
        {
            var callers = services.Where(other => References(other.Project).Contains(project)).Select(other => other.Project.Name).ToList();
            var called = services.Where(other => References(project).Contains(other.Project)).Select(other => other.Project.Name).ToList();
            var external = project.Annotations.OfType<EndpointAnnotation>().Any(endpoint => endpoint.IsExternal);
            var ingress = external
                ? [new Yaml { ["ports"] = new List<object> { Port(ServiceManifest.ContainerPort) } }]
                : callers.Count == 0 ? new List<object>() : [From(callers, ServiceManifest.ContainerPort)];
            var egress = new List<object>();
            egress.AddRange(called.Select(name => To([name], ServiceManifest.ContainerPort)));
            egress.AddRange(environment.Brokers.Select(broker => To([broker.Name], broker.Port)));
            egress.Add(new Yaml { ["ports"] = new List<object> { Port(OtlpPort) } });
            if (external)
            {
                egress.Add(new Yaml { ["ports"] = new List<object> { Port(HttpsPort) } });
            }

            policies.Add(Policy(project.Name, KubernetesObject.Selector(project.Name), new Yaml
            {
                ["policyTypes"] = new List<object> { "Ingress", "Egress" },
                ["ingress"] = ingress,
                ["egress"] = egress,
            }));
        }

        foreach (var broker in services.SelectMany(service => service.Environment.Brokers).DistinctBy(broker => broker.Name))
        {
            var users = services.Where(service => service.Environment.Brokers.Any(used => used.Name == broker.Name)).Select(service => service.Project.Name).ToList();
            policies.Add(Policy(broker.Name, KubernetesObject.Selector(broker.Name), new Yaml
            {
                ["policyTypes"] = new List<object> { "Ingress", "Egress" },
                ["ingress"] = new List<object> { From(users, broker.Port) },
                ["egress"] = new List<object>(),
            }));
        }

        return policies;
    }

    /// <summary>The resources a project references (WithReference), a broker through one of its users included.</summary>
    private static HashSet<IResource> References(ProjectResource project) =>
        project.Annotations.OfType<ResourceRelationshipAnnotation>().Where(relationship => relationship.Type == "Reference")
            .Select(relationship => relationship.Resource).ToHashSet();

    private static Yaml Policy(string name, Yaml podSelector, Yaml spec)
    {
        spec["podSelector"] = podSelector.Count == 0 ? new Yaml() : new Yaml { ["matchLabels"] = podSelector };
        return KubernetesObject.Create("networking.k8s.io/v1", "NetworkPolicy", name, spec);
    }

    private static Yaml From(IEnumerable<string> pods, int port) => new()
    {
        ["from"] = pods.Select(pod => (object)new Yaml { ["podSelector"] = new Yaml { ["matchLabels"] = KubernetesObject.Selector(pod) } }).ToList(),
        ["ports"] = new List<object> { Port(port) },
    };

    private static Yaml To(IEnumerable<string> pods, int port) => new()
    {
        ["to"] = pods.Select(pod => (object)new Yaml { ["podSelector"] = new Yaml { ["matchLabels"] = KubernetesObject.Selector(pod) } }).ToList(),
        ["ports"] = new List<object> { Port(port) },
    };

    private static Yaml Port(int port, string protocol = "TCP") => new() { ["protocol"] = protocol, ["port"] = port };
}

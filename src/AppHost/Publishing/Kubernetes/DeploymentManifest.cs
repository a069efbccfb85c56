using Aspire.Hosting.ApplicationModel;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// A service's pods: the image its Dockerfile builds, its ConfigMap and secrets, ServiceDefaults' probes
/// (<c>/health</c> for readiness: every check, Redis included; <c>/alive</c> for liveness: the process answers),
/// requests and limits, and the autoscaler's minimum as the starting replica count.
/// </summary>
internal static class DeploymentManifest
{
    public const string ReadinessPath = "/health";

    public const string LivenessPath = "/alive";

    public static string ImageFor(string service) => $"handoff/{service}";

    public static Yaml For(ProjectResource project, ClusterEnvironment environment)
    {
        var compute = ComputeResourcesAnnotation.For(project);
        var container = new Yaml
        {
            ["name"] = project.Name,
            ["image"] = ImageFor(project.Name),
            ["ports"] = new List<object> { new Yaml { ["name"] = ServiceManifest.PortName, ["containerPort"] = ServiceManifest.ContainerPort } },
            ["envFrom"] = new List<object> { new Yaml { ["configMapRef"] = new Yaml { ["name"] = ConfigMapManifest.NameFor(project.Name) } } },
            ["env"] = environment.Variables.Cast<object>().ToList(),
            ["readinessProbe"] = HttpProbe(ReadinessPath, initialDelaySeconds: 5, periodSeconds: 10),
            ["livenessProbe"] = HttpProbe(LivenessPath, initialDelaySeconds: 15, periodSeconds: 20),
            ["resources"] = new Yaml
            {
                ["requests"] = new Yaml { ["cpu"] = compute.CpuRequest, ["memory"] = compute.MemoryRequest },
                ["limits"] = new Yaml { ["cpu"] = compute.CpuLimit, ["memory"] = compute.MemoryLimit },
            },
            ["securityContext"] = PodSecurity.Container(),
            // The root filesystem is read-only: .NET and Kestrel write only temporary files, to an emptyDir.
            ["volumeMounts"] = new List<object> { PodSecurity.TemporaryFilesMount },
        };
        var volumes = new List<object> { PodSecurity.TemporaryFilesVolume };
        if (environment.Brokers.Any(broker => broker.Tls))
        {
            // Only the CA: the broker's key never reaches a service's pod.
            ((List<object>)container["volumeMounts"]!).Add(new Yaml { ["name"] = "broker-ca", ["mountPath"] = BrokerTlsAnnotation.CaDirectory, ["readOnly"] = true });
            volumes.Add(new Yaml
            {
                ["name"] = "broker-ca",
                ["secret"] = new Yaml
                {
                    ["secretName"] = BrokerTlsAnnotation.SecretName,
                    ["items"] = new List<object> { new Yaml { ["key"] = "ca.crt", ["path"] = "ca.crt" } },
                },
            });
        }

        return KubernetesObject.Create("apps/v1", "Deployment", project.Name, new Yaml
        {
            ["replicas"] = AutoscalingAnnotation.For(project).MinReplicas,
            ["selector"] = new Yaml { ["matchLabels"] = KubernetesObject.Selector(project.Name) },
            ["template"] = new Yaml
            {
                ["metadata"] = new Yaml { ["labels"] = KubernetesObject.Labels(project.Name) },
                ["spec"] = new Yaml
                {
                    // The image runs as the aspnet image's non-root 'app' user (USER $APP_UID in the Dockerfile).
                    ["securityContext"] = PodSecurity.Pod(),
                    // The services never call the Kubernetes API: no token to steal from a compromised pod.
                    ["automountServiceAccountToken"] = false,
                    // MassTransit and Kestrel drain within the AppHost's own 5 s stop; leave room for in-flight sends.
                    ["terminationGracePeriodSeconds"] = 30,
                    ["containers"] = new List<object> { container },
                    ["volumes"] = volumes,
                },
            },
        });
    }

    private static Yaml HttpProbe(string path, int initialDelaySeconds, int periodSeconds) => new()
    {
        ["httpGet"] = new Yaml { ["path"] = path, ["port"] = ServiceManifest.PortName },
        ["initialDelaySeconds"] = initialDelaySeconds,
        ["periodSeconds"] = periodSeconds,
        ["timeoutSeconds"] = 2,
        ["failureThreshold"] = 3,
    };
}

using Aspire.Hosting.ApplicationModel;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// An autoscaling/v2 HorizontalPodAutoscaler: CPU always (needs metrics-server); queue depth where the model asks
/// for it, as an External metric, which the Kubernetes API serves only through a metrics adapter (KEDA, or
/// prometheus-adapter over the services' OTLP metrics) exposing <c>handoff.rabbitmq.queue.messages</c>.
/// </summary>
internal static class AutoscalerManifest
{
    public static Yaml For(ProjectResource project)
    {
        var scaling = AutoscalingAnnotation.For(project);
        var metrics = new List<object>
        {
            new Yaml
            {
                ["type"] = "Resource",
                ["resource"] = new Yaml
                {
                    ["name"] = "cpu",
                    ["target"] = new Yaml { ["type"] = "Utilization", ["averageUtilization"] = scaling.CpuUtilisationPercent },
                },
            },
        };
        if (scaling.Queue is not null)
        {
            metrics.Add(new Yaml
            {
                ["type"] = "External",
                ["external"] = new Yaml
                {
                    ["metric"] = new Yaml
                    {
                        ["name"] = AutoscalingAnnotation.QueueDepthMetric,
                        ["selector"] = new Yaml { ["matchLabels"] = new Yaml { [AutoscalingAnnotation.QueueTag] = scaling.Queue } },
                    },
                    // AverageValue divides the queue's depth by the replicas: one replica per N waiting messages.
                    ["target"] = new Yaml { ["type"] = "AverageValue", ["averageValue"] = scaling.MessagesPerReplica.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            });
        }

        return KubernetesObject.Create("autoscaling/v2", "HorizontalPodAutoscaler", project.Name, new Yaml
        {
            ["scaleTargetRef"] = new Yaml { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = project.Name },
            ["minReplicas"] = scaling.MinReplicas,
            ["maxReplicas"] = scaling.MaxReplicas,
            ["metrics"] = metrics,
        });
    }
}

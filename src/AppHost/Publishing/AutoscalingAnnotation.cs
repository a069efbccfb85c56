using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Publishing;

/// <summary>
/// How a service scales out in a cluster: a HorizontalPodAutoscaler on CPU and, when <see cref="Queue"/> is set,
/// on the depth of that RabbitMQ queue (<c>handoff.rabbitmq.queue.messages</c>, an External metric that needs a
/// metrics adapter to reach the Kubernetes API).
/// </summary>
public sealed record AutoscalingAnnotation(
    int MinReplicas = 2,
    int MaxReplicas = 10,
    int CpuUtilisationPercent = 70,
    string? Queue = null,
    int MessagesPerReplica = 100) : IResourceAnnotation
{
    public const string QueueDepthMetric = "handoff.rabbitmq.queue.messages";

    /// <summary>The tag <c>RabbitMqQueueProbe</c> puts on the gauge, naming the queue.</summary>
    public const string QueueTag = "messaging.destination.name";

    public static AutoscalingAnnotation Default { get; } = new();

    public static AutoscalingAnnotation For(IResource resource) =>
        resource.Annotations.OfType<AutoscalingAnnotation>().LastOrDefault() ?? Default;
}

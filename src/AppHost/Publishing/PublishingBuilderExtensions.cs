using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Publishing;

/// <summary>What the model says about running in a cluster; a local run ignores it.</summary>
public static class PublishingBuilderExtensions
{
    public static IResourceBuilder<ProjectResource> WithAutoscaling(
        this IResourceBuilder<ProjectResource> builder, int minReplicas = 2, int maxReplicas = 10, int cpuUtilisationPercent = 70) =>
        builder.WithAnnotation(AutoscalingAnnotation.For(builder.Resource) with
        {
            MinReplicas = minReplicas,
            MaxReplicas = maxReplicas,
            CpuUtilisationPercent = cpuUtilisationPercent,
        });

    /// <summary>Also scale on the messages waiting in <paramref name="queue"/>: one replica per <paramref name="messagesPerReplica"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithQueueDepthAutoscaling(
        this IResourceBuilder<ProjectResource> builder, string queue, int messagesPerReplica = 100) =>
        builder.WithAnnotation(AutoscalingAnnotation.For(builder.Resource) with { Queue = queue, MessagesPerReplica = messagesPerReplica });

    public static IResourceBuilder<ProjectResource> WithComputeResources(
        this IResourceBuilder<ProjectResource> builder, string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) =>
        builder.WithAnnotation(new ComputeResourcesAnnotation(cpuRequest, memoryRequest, cpuLimit, memoryLimit));

    /// <summary>In the cluster the broker takes only TLS, and the services that use it trust its CA (<see cref="BrokerTlsAnnotation"/>).</summary>
    public static IResourceBuilder<T> WithClusterTls<T>(this IResourceBuilder<T> broker)
        where T : IResourceWithConnectionString =>
        broker.WithAnnotation(new BrokerTlsAnnotation());
}

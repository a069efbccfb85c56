using Handoff.Hosting.Orchestration;

namespace Handoff.AppHost.Publishing;

/// <summary>What the model says about running in a cluster; a local run ignores it.</summary>
public static class PublishingBuilderExtensions
{
    public static ResourceBuilder<ProjectResource> WithAutoscaling(
        this ResourceBuilder<ProjectResource> builder, int minReplicas = 2, int maxReplicas = 10, int cpuUtilisationPercent = 70) =>
        builder.WithAnnotation(AutoscalingAnnotation.For(builder.Resource) with
        {
            MinReplicas = minReplicas,
            MaxReplicas = maxReplicas,
            CpuUtilisationPercent = cpuUtilisationPercent,
        });

    /// <summary>Also scale on the messages waiting in <paramref name="queue"/>: one replica per <paramref name="messagesPerReplica"/>.</summary>
    public static ResourceBuilder<ProjectResource> WithQueueDepthAutoscaling(
        this ResourceBuilder<ProjectResource> builder, string queue, int messagesPerReplica = 100) =>
        builder.WithAnnotation(AutoscalingAnnotation.For(builder.Resource) with { Queue = queue, MessagesPerReplica = messagesPerReplica });

    public static ResourceBuilder<ProjectResource> WithComputeResources(
        this ResourceBuilder<ProjectResource> builder, string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) =>
        builder.WithAnnotation(new ComputeResourcesAnnotation(cpuRequest, memoryRequest, cpuLimit, memoryLimit));
}

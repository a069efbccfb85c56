using Aspire.Hosting;
using Aspire.Hosting.Pipelines;

namespace Handoff.AppHost.Publishing;

public static class PublishingRegistration
{
    /// <summary>
    /// <c>publish --output DIR</c> writes Kubernetes manifests and Dockerfiles (<see cref="PublishCommand"/>) as a step
    /// the publish pipeline requires. Without an output folder it stops with the usage line and exit code 2: Aspire
    /// would write into the AppHost's aspire-output folder, and a deployment written where nobody asked is worse than none.
    /// </summary>
    public static IDistributedApplicationBuilder AddKubernetesPublishing(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode && string.IsNullOrWhiteSpace(builder.Configuration[PublishCommand.OutputPathKey]))
        {
            Console.Error.WriteLine(PublishCommand.MissingOutput);
            Environment.Exit(2);
        }

        builder.Pipeline.AddStep(PublishCommand.StepName, PublishCommand.RunAsync, requiredBy: WellKnownPipelineSteps.Publish);
        return builder;
    }
}

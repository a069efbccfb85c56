using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Handoff.AppHost.Publishing.Docker;
using Handoff.AppHost.Publishing.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.AppHost.Publishing;

/// <summary>
/// <c>dotnet run --project src/AppHost -- publish --output deploy/</c>: a step of Aspire's publish pipeline that writes
/// what an orchestrator needs from the model Program.cs declared, instead of starting it. Nothing is started or built.
/// </summary>
internal static class PublishCommand
{
    public const string StepName = "handoff-kubernetes";

    /// <summary>Where Aspire's <c>--output-path</c> lands (<c>PipelineOptions.OutputPath</c>).</summary>
    public const string OutputPathKey = "Pipeline:OutputPath";

    public const string KubernetesFolder = "kubernetes";

    public const string DockerFolder = "docker";

    public const string MissingOutput =
        "publish needs --output <folder>, e.g. dotnet run --project src/AppHost -- publish --output deploy/";

    public static async Task RunAsync(PipelineStepContext context)
    {
        // Checked when the step was added (PublishingRegistration): it is there.
        var root = Path.GetFullPath(context.Services.GetRequiredService<IConfiguration>()[OutputPathKey]!);
        var services = new List<(ProjectResource Project, ClusterEnvironment Environment)>();
        foreach (var project in context.Model.Resources.OfType<ProjectResource>().Where(project => !project.IsExcludedFromPublish()))
        {
            services.Add((project, await ClusterEnvironment.ForAsync(project, context.ExecutionContext, context.CancellationToken)));
        }

        var kubernetes = KubernetesPublisher.Write(services, Path.Combine(root, KubernetesFolder));
        var docker = DockerPublisher.Write([.. services.Select(service => service.Project)], RepositoryRoot.Find(), Path.Combine(root, DockerFolder));
        context.Logger.LogInformation("Published {Count} services and {Brokers} brokers to {Root}: {Files}", services.Count,
            services.SelectMany(service => service.Environment.Brokers).DistinctBy(broker => broker.Name).Count(), root,
            string.Join(", ", kubernetes.Concat(docker).Select(file => Path.GetRelativePath(root, file))));
        context.Logger.LogInformation("Create the Secret '{Secret}' (keys listed in {Kustomization}), build and push the images, then: kubectl apply -k {Folder}",
            ClusterSecret.Name, $"{KubernetesFolder}/{KustomizationManifest.FileName}", Path.Combine(root, KubernetesFolder));
    }
}

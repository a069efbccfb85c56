using Handoff.AppHost.Publishing.Docker;
using Handoff.AppHost.Publishing.Kubernetes;
using Handoff.Hosting.Orchestration;

namespace Handoff.AppHost.Publishing;

/// <summary>
/// <c>dotnet run --project src/AppHost -- publish --output deploy/</c>: writes what an orchestrator needs from the
/// model Program.cs declared, instead of starting it (Aspire's publish verb). Nothing is started or built.
/// </summary>
internal static class PublishCommand
{
    public const string KubernetesFolder = "kubernetes";

    public const string DockerFolder = "docker";

    public const string MissingOutput =
        "publish needs --output <folder>, e.g. dotnet run --project src/AppHost -- publish --output deploy/";

    public static int Run(DistributedApplicationBuilder builder)
    {
        var output = builder.Configuration["AppHost:PublishOutput"];
        if (string.IsNullOrWhiteSpace(output))
        {
            Console.Error.WriteLine(MissingOutput);
            return 2;
        }

        try
        {
            var root = Path.GetFullPath(output);
            // The local proxy in front of the gateway replicas: in a cluster, the gateway's Service spreads the load.
            var published = builder.Resources.Where(resource => resource is not ProjectResource { ExcludedFromManifest: true }).ToList();
            var kubernetes = KubernetesPublisher.Write(published, Path.Combine(root, KubernetesFolder));
            var docker = DockerPublisher.Write(published, RepositoryRoot.Find(), Path.Combine(root, DockerFolder));
            Console.WriteLine($"Published {published.Count} resources to {root}:");
            foreach (var file in kubernetes.Concat(docker))
            {
                Console.WriteLine($"  {Path.GetRelativePath(root, file)}");
            }

            Console.WriteLine($"Create the Secret '{ClusterSecret.Name}' (keys listed in {KubernetesFolder}/{KustomizationManifest.FileName}), build and push the images, then: kubectl apply -k {Path.Combine(output, KubernetesFolder)}");
            return 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"publish failed: {exception.Message}");
            return 1;
        }
    }
}

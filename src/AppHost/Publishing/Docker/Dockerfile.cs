using System.Text;
using Handoff.AppHost.Publishing.Kubernetes;

namespace Handoff.AppHost.Publishing.Docker;

/// <summary>
/// A multi-stage Dockerfile for one service: restore and publish with the .NET 10 SDK image, run on the ASP.NET
/// runtime image as its non-root user on port 8080. Built from the repository root, since the service needs the
/// root's Directory.*.props and its referenced projects.
/// </summary>
internal static class Dockerfile
{
    public const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";

    public const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet:10.0";

    /// <summary>Files at the root that every build reads (SDK pin, shared properties, central package versions).</summary>
    public static readonly string[] RootFiles = ["global.json", "Directory.Build.props", "Directory.Packages.props"];

    public static string For(string service, string assemblyName, ProjectGraph graph, string dockerfilePath, IEnumerable<string> rootFiles)
    {
        var text = new StringBuilder();
        text.AppendLine("# syntax=docker/dockerfile:1");
        text.AppendLine("# Written by 'dotnet run --project src/AppHost -- publish'. Build from the repository root:");
        text.AppendLine($"#   docker build -f {dockerfilePath} -t {DeploymentManifest.ImageFor(service)} .");
        text.AppendLine($"# BuildKit reads {Path.GetFileName(dockerfilePath)}.dockerignore beside this file.");
        text.AppendLine($"FROM {SdkImage} AS build");
        text.AppendLine("WORKDIR /src");
        text.AppendLine($"COPY {string.Join(' ', rootFiles)} ./");
        foreach (var project in graph.ProjectFiles)
        {
            text.AppendLine($"COPY {project} {project[..(project.LastIndexOf('/') + 1)]}");
        }

        text.AppendLine($"RUN dotnet restore {graph.Project}");
        foreach (var directory in graph.ProjectDirectories)
        {
            text.AppendLine($"COPY {directory} {directory}");
        }

        text.AppendLine($"RUN dotnet publish {graph.Project} -c Release --no-restore -o /app/publish");
        text.AppendLine();
        text.AppendLine($"FROM {RuntimeImage} AS runtime");
        text.AppendLine("WORKDIR /app");
        text.AppendLine("COPY --from=build /app/publish ./");
        text.AppendLine($"ENV ASPNETCORE_HTTP_PORTS={ServiceManifest.ContainerPort}");
        text.AppendLine($"EXPOSE {ServiceManifest.ContainerPort}");
        text.AppendLine("# The image's 'app' user: the Deployment also requires runAsNonRoot.");
        text.AppendLine("USER $APP_UID");
        text.AppendLine("# No HEALTHCHECK: the runtime image has no curl, and Kubernetes probes /health and /alive itself.");
        text.AppendLine($"ENTRYPOINT [\"dotnet\", \"{assemblyName}.dll\"]");
        return text.ToString();
    }

    /// <summary>Keeps build output, tests, tools and secrets out of the build context.</summary>
    public static string IgnoreFile() =>
        """
        # Everything the service's build does not need, and nothing that might hold a secret.
        .git/
        .ci/
        artifacts/
        **/bin/
        **/obj/
        **/node_modules/
        tests/
        bench/
        tools/
        docs/
        deploy/
        **/*.user
        **/appsettings.*.local.json
        **/.env
        """.ReplaceLineEndings("\n") + "\n";
}

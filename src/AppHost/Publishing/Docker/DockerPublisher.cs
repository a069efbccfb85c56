using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Publishing.Docker;

/// <summary>Writes {service}.Dockerfile and its {service}.Dockerfile.dockerignore for every project of the model.</summary>
internal static class DockerPublisher
{
    public static IReadOnlyList<string> Write(IReadOnlyList<ProjectResource> projects, string repositoryRoot, string directory)
    {
        Directory.CreateDirectory(directory);
        var rootFiles = Dockerfile.RootFiles.Where(file => File.Exists(Path.Combine(repositoryRoot, file))).ToList();
        var written = new List<string>();
        foreach (var project in projects)
        {
            var path = Path.Combine(directory, $"{project.Name}.Dockerfile");
            var relativePath = Path.GetRelativePath(repositoryRoot, Path.GetFullPath(path)).Replace('\\', '/');
            if (relativePath.StartsWith("..", StringComparison.Ordinal))
            {
                relativePath = Path.GetFullPath(path);
            }

            var projectPath = project.GetProjectMetadata().ProjectPath;
            var graph = ProjectGraph.For(repositoryRoot, projectPath);
            File.WriteAllText(path, Dockerfile.For(project.Name, Path.GetFileNameWithoutExtension(projectPath), graph, relativePath, rootFiles));
            File.WriteAllText(path + ".dockerignore", Dockerfile.IgnoreFile());
            written.Add(path);
            written.Add(path + ".dockerignore");
        }

        return written;
    }
}

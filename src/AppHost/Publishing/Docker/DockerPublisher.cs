using Handoff.Hosting.Orchestration;

namespace Handoff.AppHost.Publishing.Docker;

/// <summary>Writes {service}.Dockerfile and its {service}.Dockerfile.dockerignore for every project of the model.</summary>
internal static class DockerPublisher
{
    public static IReadOnlyList<string> Write(IReadOnlyList<Resource> resources, string repositoryRoot, string directory)
    {
        Directory.CreateDirectory(directory);
        var rootFiles = Dockerfile.RootFiles.Where(file => File.Exists(Path.Combine(repositoryRoot, file))).ToList();
        var written = new List<string>();
        foreach (var project in resources.OfType<ProjectResource>())
        {
            var path = Path.Combine(directory, $"{project.Name}.Dockerfile");
            var relativePath = Path.GetRelativePath(repositoryRoot, Path.GetFullPath(path)).Replace('\\', '/');
            if (relativePath.StartsWith("..", StringComparison.Ordinal))
            {
                relativePath = Path.GetFullPath(path);
            }

            var graph = ProjectGraph.For(repositoryRoot, project.ProjectName);
            File.WriteAllText(path, Dockerfile.For(project.Name, Path.GetFileNameWithoutExtension(project.AssemblyPath), graph, relativePath, rootFiles));
            File.WriteAllText(path + ".dockerignore", Dockerfile.IgnoreFile());
            written.Add(path);
            written.Add(path + ".dockerignore");
        }

        return written;
    }
}

using System.Xml.Linq;

namespace Handoff.AppHost.Publishing.Docker;

/// <summary>
/// A service's project file and every project it references, transitively, as paths relative to the repository
/// root: a Dockerfile copies the project files first so that restore is cached until one of them changes.
/// </summary>
internal sealed record ProjectGraph(string Project, IReadOnlyList<string> ProjectFiles)
{
    /// <summary>The project file the resource runs (Aspire's <c>IProjectMetadata.ProjectPath</c>), which must be in the build context.</summary>
    public static ProjectGraph For(string repositoryRoot, string projectPath)
    {
        var project = Path.GetFullPath(projectPath);
        if (!File.Exists(project) || Relative(repositoryRoot, project).StartsWith("..", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{project} is not a project file under {repositoryRoot}, the Dockerfiles' build context.");
        }

        var ordered = new List<string>();
        Visit(Path.GetFullPath(project), ordered, []);
        return new ProjectGraph(Relative(repositoryRoot, project), ordered.Select(path => Relative(repositoryRoot, path)).ToList());
    }

    public IEnumerable<string> ProjectDirectories => ProjectFiles.Select(file => file[..(file.LastIndexOf('/') + 1)]);

    /// <summary>Dependencies before dependants, each once.</summary>
    private static void Visit(string project, List<string> ordered, HashSet<string> seen)
    {
        if (!seen.Add(project))
        {
            return;
        }

        var directory = Path.GetDirectoryName(project)!;
        var references = XDocument.Load(project).Descendants("ProjectReference")
            .Select(reference => reference.Attribute("Include")?.Value)
            .OfType<string>()
            .Select(include => Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))));
        foreach (var reference in references)
        {
            Visit(reference, ordered, seen);
        }

        ordered.Add(project);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}

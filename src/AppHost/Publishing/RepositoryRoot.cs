namespace Handoff.AppHost.Publishing;

/// <summary>The folder holding Handoff.sln: Dockerfiles copy paths relative to it, and their build context is it.</summary>
internal static class RepositoryRoot
{
    public const string SolutionFile = "Handoff.sln";

    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}: run the AppHost from the repository.");
    }
}

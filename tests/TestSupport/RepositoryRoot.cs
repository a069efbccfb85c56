namespace Handoff.TestSupport;

public static class RepositoryRoot
{
    /// <summary>The folder holding Handoff.sln, found upwards from the test's build output.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Handoff.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Handoff.sln above {AppContext.BaseDirectory}.");
    }
}

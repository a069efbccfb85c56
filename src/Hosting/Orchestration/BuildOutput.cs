namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Finds a project's build output. With artifacts output every project builds to
/// <c>artifacts/bin/{Project}/{pivot}/</c>, so a service sits beside the program asking for it.
/// </summary>
public static class BuildOutput
{
    public static string AssemblyPath(string projectName)
    {
        var ownDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var pivot = ownDirectory.Name;
        var binRoot = ownDirectory.Parent?.Parent
            ?? throw new InvalidOperationException($"{ownDirectory} is not inside artifacts/bin.");
        return Path.Combine(binRoot.FullName, projectName, pivot, projectName + ".dll");
    }
}

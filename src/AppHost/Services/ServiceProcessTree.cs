using System.Globalization;

namespace Handoff.AppHost.Services;

/// <summary>
/// Aspire runs a project as <c>dotnet run --project …</c>, so the PID it reports is that wrapper's; the service is its
/// child. This finds the child in <c>/proc</c> (Linux), the process a crash test must kill and a stop must not leave.
/// </summary>
public static class ServiceProcessTree
{
    /// <summary>The first descendant of <paramref name="wrapperPid"/> whose command line names <paramref name="assemblyName"/>.</summary>
    public static int? FindService(int wrapperPid, string assemblyName)
    {
        var pending = new Queue<int>([wrapperPid]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in Children(parent))
            {
                var commandLine = CommandLine(child);
                if (commandLine.Any(argument => Path.GetFileNameWithoutExtension(argument) == assemblyName))
                {
                    return child;
                }

                pending.Enqueue(child);
            }
        }

        return null;
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    private static IEnumerable<int> Children(int pid)
    {
        foreach (var directory in SafeDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate) && ParentOf(candidate) == pid)
            {
                yield return candidate;
            }
        }
    }

    private static int? ParentOf(int pid)
    {
        // /proc/PID/stat: "PID (comm) state PPID …"; comm may hold spaces and parentheses, so read after the last ')'.
        var stat = ReadOrNull($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    private static bool IsZombie(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        return stat is null || stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }

    private static string[] CommandLine(int pid) =>
        ReadOrNull($"/proc/{pid}/cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

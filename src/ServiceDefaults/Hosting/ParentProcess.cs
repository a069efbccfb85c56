using System.Globalization;

namespace Handoff.ServiceDefaults.Hosting;

/// <summary>The parent of this process, as Linux sees it now.</summary>
public static class ParentProcess
{
    /// <summary>
    /// Field 4 of <c>/proc/self/stat</c> (proc(5)). It is read after the last ')' because field 2, the command
    /// name in parentheses, may itself hold spaces and parentheses.
    /// </summary>
    public static int CurrentId()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(afterName[1], CultureInfo.InvariantCulture);
    }
}

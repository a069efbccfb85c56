namespace Handoff.Benchmarks.Measurement;

/// <summary>
/// CPU time and resident memory of a process and everything it started (RabbitMQ's Erlang VM runs
/// erl_child_setup and inet_gethost as children), read from /proc as <c>top</c> does.
/// </summary>
public static class ProcessStats
{
    /// <summary>USER_HZ, the unit of utime and stime: 100 on every Linux architecture .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100.0;

    public static ProcessSample Sample(int pid)
    {
        double cpuSeconds = 0;
        long rssKiB = 0;
        foreach (var member in Tree(pid))
        {
            cpuSeconds += CpuSeconds(member);
            rssKiB += RssKiB(member);
        }

        return new ProcessSample(cpuSeconds, rssKiB / 1024.0);
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    /// <summary>The pid and its descendants, found through each process's parent in /proc/*/stat.</summary>
    private static List<int> Tree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            var fields = StatFields(pid);
            if (fields is not null && int.TryParse(fields[1], out var parent))
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var tree = new List<int> { root };
        for (var index = 0; index < tree.Count; index++)
        {
            if (children.TryGetValue(tree[index], out var list))
            {
                tree.AddRange(list);
            }
        }

        return tree;
    }

    /// <summary>The fields of /proc/pid/stat after the command name (which may hold spaces): state is [0], ppid [1], utime [11], stime [12], cutime [13], cstime [14].</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return stat[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Its own time and that of the children it has reaped (cutime [13], cstime [14]): a child that exits between two
    /// samples (Redis's fork for a snapshot) moves its time into its parent's instead of taking it out of the sum.
    /// </summary>
    private static double CpuSeconds(int pid)
    {
        var fields = StatFields(pid);
        return fields is null ? 0 : (long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14])) / ClockTicksPerSecond;
    }

    private static long RssKiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}

public sealed record ProcessSample(double CpuSeconds, double RssMegabytes);

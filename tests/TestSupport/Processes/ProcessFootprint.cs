using System.Globalization;

namespace Handoff.TestSupport.Processes;

/// <summary>
/// Processes as <c>/proc</c> showed them when they were added, each with its start time (field 22 of
/// <c>/proc/PID/stat</c>), and every descendant of each: what a stop must leave behind none of. A PID that the
/// kernel hands to an unrelated process later has another start time and does not count as a survivor.
/// </summary>
public sealed class ProcessFootprint
{
    private readonly Dictionary<int, ProcessStat> _seen = [];

    /// <summary>The command (<c>/proc/PID/comm</c>) of every process added, one per process.</summary>
    public IReadOnlyList<string> Commands => [.. _seen.Values.Select(stat => stat.Command)];

    /// <summary>Adds each of <paramref name="pids"/> and what runs below it now.</summary>
    public void Add(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            Add(pid);
        }
    }

    /// <summary>Adds <paramref name="pid"/> and what runs below it now (a broker's script, its VM, the VM's helpers).</summary>
    public void Add(int pid)
    {
        var all = ProcessStat.All();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var next))
        {
            if (all.FirstOrDefault(stat => stat.Pid == next) is not { } found)
            {
                continue;
            }

            _seen.TryAdd(found.Pid, found);
            foreach (var child in all.Where(stat => stat.ParentPid == next))
            {
                pending.Enqueue(child.Pid);
            }
        }
    }

    /// <summary>The added processes still alive (zombies are not): the same PID with the same start time.</summary>
    public IReadOnlyList<string> Survivors()
    {
        var now = ProcessStat.All().ToDictionary(stat => stat.Pid);
        return [.. _seen.Values
            .Where(seen => now.TryGetValue(seen.Pid, out var current) && current.StartTicks == seen.StartTicks && current.State != 'Z')
            .Select(seen => $"{seen.Pid} ({seen.Command})")];
    }

    /// <summary>Polls until no added process is alive, or the timeout has passed; returns the survivors.</summary>
    public async Task<IReadOnlyList<string>> SurvivorsAfterAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var survivors = Survivors();
        while (survivors.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
            survivors = Survivors();
        }

        return survivors;
    }

    public override string ToString() => string.Join(", ", _seen.Values.OrderBy(stat => stat.Pid).Select(stat => $"{stat.Pid} ({stat.Command})"));

    private sealed record ProcessStat(int Pid, int ParentPid, char State, long StartTicks, string Command)
    {
        public static List<ProcessStat> All()
        {
            var stats = new List<ProcessStat>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
                {
                    stats.Add(stat);
                }
            }

            return stats;
        }

        // "PID (comm) state PPID … starttime …": comm may hold spaces and parentheses, so the fields are read after the last ')'.
        private static ProcessStat? Read(int pid)
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            return new ProcessStat(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), fields[0][0],
                long.Parse(fields[19], CultureInfo.InvariantCulture), text[(open + 1)..close]);
        }
    }
}

namespace Handoff.Dashboard.Telemetry.Storage;

/// <summary>The newest logs, in arrival order. Thread-safe.</summary>
internal sealed class LogBuffer(int maxLogs, ResourceTally resources)
{
    private readonly Lock gate = new();
    private readonly RingBuffer<LogEntry> entries = new(maxLogs);
    private long lastSequence;

    /// <summary>Stores the logs with the next arrival sequence numbers; returns how many were stored.</summary>
    public int Add(IEnumerable<LogEntry> logs)
    {
        var added = 0;
        lock (gate)
        {
            foreach (var log in logs)
            {
                resources.Add(log.Resource);
                if (entries.Add(log with { Sequence = ++lastSequence }, out var evicted))
                {
                    resources.Remove(evicted.Resource);
                }

                added++;
            }
        }

        return added;
    }

    public IReadOnlyList<LogEntry> Query(LogQuery query)
    {
        var found = new List<LogEntry>(Math.Clamp(query.Limit, 0, 1_000));
        lock (gate)
        {
            for (var i = entries.Count - 1; i >= 0 && found.Count < query.Limit; i--)
            {
                var entry = entries[i];
                if (Matches(entry, query))
                {
                    found.Add(entry);
                }
            }
        }

        return found;
    }

    private static bool Matches(LogEntry entry, LogQuery query) =>
        TextFilter.SameName(query.Resource, entry.Resource)
        && (query.MinimumSeverity is not { } minimum || entry.Severity >= minimum)
        && (string.IsNullOrEmpty(query.TraceId) || string.Equals(query.TraceId, entry.TraceId, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(query.Text)
            || TextFilter.Contains(entry.Message, query.Text)
            || TextFilter.Contains(entry.Category, query.Text)
            || TextFilter.AnyValueContains(entry.Attributes, query.Text));
}

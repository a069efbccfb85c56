namespace Handoff.Dashboard.Telemetry.Storage;

/// <summary>
/// How many stored logs, spans and metric points each resource has, so the resource list forgets a
/// resource once all its telemetry has been evicted. Thread-safe.
/// </summary>
internal sealed class ResourceTally
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

    public void Add(string resource)
    {
        lock (gate)
        {
            counts[resource] = counts.GetValueOrDefault(resource) + 1;
        }
    }

    public void Remove(string resource)
    {
        lock (gate)
        {
            if (counts.TryGetValue(resource, out var count))
            {
                if (count <= 1)
                {
                    counts.Remove(resource);
                }
                else
                {
                    counts[resource] = count - 1;
                }
            }
        }
    }

    public IReadOnlyList<string> Names()
    {
        lock (gate)
        {
            var names = counts.Keys.ToList();
            names.Sort(StringComparer.OrdinalIgnoreCase);
            return names;
        }
    }
}

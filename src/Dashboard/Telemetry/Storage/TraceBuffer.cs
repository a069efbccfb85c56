namespace Handoff.Dashboard.Telemetry.Storage;

/// <summary>Spans grouped by trace id; the trace that arrived first is evicted first, all its spans with it. Thread-safe.</summary>
internal sealed class TraceBuffer(int maxTraces, int maxSpansPerTrace, ResourceTally resources)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredTrace> traces = new(StringComparer.Ordinal);
    private readonly Queue<StoredTrace> arrival = new();

    /// <summary>Returns how many spans were stored (duplicates and spans over the per-trace limit are not).</summary>
    public int Add(IEnumerable<SpanRecord> spans)
    {
        var added = 0;
        lock (gate)
        {
            foreach (var span in spans)
            {
                if (!traces.TryGetValue(span.TraceId, out var trace))
                {
                    trace = new StoredTrace(span.TraceId);
                    traces.Add(span.TraceId, trace);
                    arrival.Enqueue(trace);
                }

                if (trace.Spans.Count < maxSpansPerTrace && trace.Add(span))
                {
                    resources.Add(span.Resource);
                    added++;
                }
            }

            while (traces.Count > maxTraces)
            {
                Evict(arrival.Dequeue());
            }
        }

        return added;
    }

    public IReadOnlyList<TraceSummary> Query(TraceQuery query)
    {
        List<TraceSummary> found = [];
        lock (gate)
        {
            foreach (var trace in traces.Values)
            {
                if (trace.Matches(query))
                {
                    found.Add(trace.Summary);
                }
            }
        }

        found.Sort((a, b) => b.Start.CompareTo(a.Start));
        return found.Count > query.Limit ? found.GetRange(0, Math.Max(query.Limit, 0)) : found;
    }

    public IReadOnlyList<SpanRecord> Get(string traceId)
    {
        lock (gate)
        {
            return traces.TryGetValue(traceId.ToLowerInvariant(), out var trace) ? trace.InStartOrder() : [];
        }
    }

    private void Evict(StoredTrace trace)
    {
        traces.Remove(trace.TraceId);
        foreach (var span in trace.Spans)
        {
            resources.Remove(span.Resource);
        }
    }
}

namespace Handoff.Dashboard.Telemetry.Storage;

/// <summary>The spans of one trace received so far, with its summary worked out once per change. Not thread-safe.</summary>
internal sealed class StoredTrace(string traceId)
{
    private readonly List<SpanRecord> spans = [];
    private readonly HashSet<string> spanIds = new(StringComparer.Ordinal);
    private TraceSummary? summary;

    public string TraceId { get; } = traceId;

    public IReadOnlyList<SpanRecord> Spans => spans;

    /// <summary>False for a span already held: exporters retry batches whose answer they did not get.</summary>
    public bool Add(SpanRecord span)
    {
        if (!spanIds.Add(span.SpanId))
        {
            return false;
        }

        spans.Add(span);
        summary = null;
        return true;
    }

    public TraceSummary Summary => summary ??= Summarize();

    public bool Matches(TraceQuery query)
    {
        if (query.ErrorsOnly && Summary.ErrorCount == 0)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(query.Resource) && !spans.Exists(span => TextFilter.SameName(query.Resource, span.Resource)))
        {
            return false;
        }

        return string.IsNullOrEmpty(query.Text) || spans.Exists(span =>
            TextFilter.Contains(span.Name, query.Text)
            || TextFilter.Contains(span.StatusMessage, query.Text)
            || TextFilter.AnyValueContains(span.Attributes, query.Text));
    }

    public List<SpanRecord> InStartOrder()
    {
        var ordered = new List<SpanRecord>(spans);
        ordered.Sort((a, b) => a.Start.CompareTo(b.Start));
        return ordered;
    }

    private TraceSummary Summarize()
    {
        var ordered = InStartOrder();

        // The root is the earliest span whose parent is not here: a real root, or the top of what arrived so far.
        var root = ordered.Find(span => span.ParentSpanId is null || !spanIds.Contains(span.ParentSpanId)) ?? ordered[0];
        var start = ordered[0].Start;
        var end = ordered.Max(span => span.End);
        var errors = ordered.Count(span => span.IsError);
        var resources = ordered.Select(span => span.Resource).Distinct(StringComparer.Ordinal).ToList();
        return new TraceSummary(TraceId, root.Name, root.Resource, start, end - start, ordered.Count, errors, resources);
    }
}

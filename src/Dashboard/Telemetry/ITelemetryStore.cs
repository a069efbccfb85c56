namespace Handoff.Dashboard.Telemetry;

/// <summary>
/// What the OTLP intake writes and the dashboard pages read. Bounded like Aspire's dashboard: the oldest
/// logs, traces and metric points are dropped first. <see cref="Changed"/> fires (from any thread) after
/// every accepted batch so live pages can re-render.
/// </summary>
public interface ITelemetryStore
{
    event Action? Changed;

    void AddSpans(IEnumerable<SpanRecord> spans);

    void AddLogs(IEnumerable<LogEntry> logs);

    void AddMetricPoints(IEnumerable<MetricPoint> points);

    /// <summary>Newest first.</summary>
    IReadOnlyList<TraceSummary> GetTraces(TraceQuery query);

    /// <summary>Every span of one trace, ordered by start time; empty when unknown.</summary>
    IReadOnlyList<SpanRecord> GetTrace(string traceId);

    /// <summary>Newest first.</summary>
    IReadOnlyList<LogEntry> GetLogs(LogQuery query);

    IReadOnlyList<MetricInstrument> GetInstruments(string? resource = null);

    /// <summary>Points of one instrument (all tag sets, all resources unless given) since a time, oldest first.</summary>
    IReadOnlyList<MetricPoint> GetPoints(string name, string? resource = null, DateTimeOffset? since = null);

    IReadOnlyList<string> GetResources();
}

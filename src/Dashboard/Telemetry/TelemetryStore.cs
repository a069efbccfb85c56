using Handoff.Dashboard.Telemetry.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Handoff.Dashboard.Telemetry;

/// <summary>
/// The in-memory <see cref="ITelemetryStore"/>: thread-safe, bounded by <see cref="TelemetryLimits"/>. Logs get
/// their <see cref="LogEntry.Sequence"/> here, whatever the caller set.
/// </summary>
public sealed class TelemetryStore : ITelemetryStore
{
    private readonly ResourceTally resources = new();
    private readonly LogBuffer logs;
    private readonly TraceBuffer traces;
    private readonly MetricBuffer metrics;
    private readonly ILogger logger;

    public TelemetryStore(IOptions<TelemetryLimits> limits, ILogger<TelemetryStore> logger)
    {
        var values = limits.Value;
        ArgumentOutOfRangeException.ThrowIfLessThan(values.MaxLogs, 1, nameof(TelemetryLimits.MaxLogs));
        ArgumentOutOfRangeException.ThrowIfLessThan(values.MaxTraces, 1, nameof(TelemetryLimits.MaxTraces));
        ArgumentOutOfRangeException.ThrowIfLessThan(values.MaxSpansPerTrace, 1, nameof(TelemetryLimits.MaxSpansPerTrace));
        ArgumentOutOfRangeException.ThrowIfLessThan(values.MaxMetricPoints, 1, nameof(TelemetryLimits.MaxMetricPoints));
        logs = new LogBuffer(values.MaxLogs, resources);
        traces = new TraceBuffer(values.MaxTraces, values.MaxSpansPerTrace, resources);
        metrics = new MetricBuffer(values.MaxMetricPoints, resources);
        this.logger = logger;
    }

    public TelemetryStore(TelemetryLimits? limits = null)
        : this(Options.Create(limits ?? new TelemetryLimits()), NullLogger<TelemetryStore>.Instance)
    {
    }

    public event Action? Changed;

    public void AddSpans(IEnumerable<SpanRecord> spans) => AnnounceIfAny(traces.Add(spans));

    public void AddLogs(IEnumerable<LogEntry> logs) => AnnounceIfAny(this.logs.Add(logs));

    public void AddMetricPoints(IEnumerable<MetricPoint> points) => AnnounceIfAny(metrics.Add(points));

    public IReadOnlyList<TraceSummary> GetTraces(TraceQuery query) => traces.Query(query);

    public IReadOnlyList<SpanRecord> GetTrace(string traceId) => traces.Get(traceId);

    public IReadOnlyList<LogEntry> GetLogs(LogQuery query) => logs.Query(query);

    public IReadOnlyList<MetricInstrument> GetInstruments(string? resource = null) => metrics.Instruments(resource);

    public IReadOnlyList<MetricPoint> GetPoints(string name, string? resource = null, DateTimeOffset? since = null) =>
        metrics.Points(name, resource, since);

    public IReadOnlyList<string> GetResources() => resources.Names();

    // Called outside every lock; a failing page must not cost the other pages their update, nor the intake its batch.
    private void AnnounceIfAny(int added)
    {
        if (added == 0 || Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action>())
        {
            try
            {
                handler();
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A telemetry change handler failed");
            }
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Handoff.Dashboard.Telemetry;

/// <summary>
/// How much the dashboard keeps in memory; past a limit the oldest entries are dropped first. The defaults
/// are the Aspire dashboard's.
/// </summary>
public sealed class TelemetryLimits
{
    [Range(1, int.MaxValue)]
    public int MaxLogs { get; set; } = 10_000;

    /// <summary>Whole traces: evicting a trace removes every one of its spans.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTraces { get; set; } = 10_000;

    /// <summary>
    /// Spans beyond this in one trace are dropped, so that a trace that never ends (a loop that keeps an
    /// activity current) cannot take all the memory the trace limit was meant to bound.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxSpansPerTrace { get; set; } = 5_000;

    /// <summary>Across every instrument and resource.</summary>
    [Range(1, int.MaxValue)]
    public int MaxMetricPoints { get; set; } = 50_000;
}

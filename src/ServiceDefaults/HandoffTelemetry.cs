using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Handoff.ServiceDefaults;

/// <summary>The one ActivitySource and Meter name all Handoff services emit under.</summary>
public static class HandoffTelemetry
{
    public const string ActivitySourceName = "Handoff";
    public const string MeterName = "Handoff";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>
    /// Bucket boundaries, in seconds, of every duration histogram: 0.5 ms up to 5 min. The SDK's defaults
    /// (0 … 10 000) suit milliseconds; ours record seconds, and a handoff held up by a broker or a Redis failover takes
    /// tens of seconds, which buckets ending at 10 s would report as "10 s".
    /// </summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

    /// <summary>
    /// Pass as <c>advice:</c> to every <c>CreateHistogram</c> of a duration: the buckets travel with the instrument,
    /// so OpenTelemetry, <c>MetricCollector</c> and <c>dotnet-counters</c> all see them.
    /// </summary>
    public static InstrumentAdvice<double> DurationAdvice { get; } = new() { HistogramBucketBoundaries = DurationBuckets };
}

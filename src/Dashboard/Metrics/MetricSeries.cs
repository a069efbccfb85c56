using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Metrics;

/// <summary>
/// What the charts and the Handoff page plot: an instrument's streams summed into one line, sampled every
/// <c>step</c> over a window; counters also as totals, histograms as P50/P90/P99 per step.
/// </summary>
public static class MetricSeries
{
    /// <summary>Sample times over the window, newest last.</summary>
    public static IReadOnlyList<DateTimeOffset> Timeline(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var times = new List<DateTimeOffset>();
        for (var time = from; time <= to; time += step)
        {
            times.Add(time);
        }

        return times;
    }

    /// <summary>The running total (counters) or current value (gauges) of every stream, summed.</summary>
    public static double Total(IReadOnlyList<MetricStream> streams, DateTimeOffset? at = null) =>
        streams.Sum(stream => (at is null ? stream.Points[^1] : stream.At(at.Value))?.Value ?? 0);

    public static IReadOnlyList<double> Totals(IReadOnlyList<MetricStream> streams, IReadOnlyList<DateTimeOffset> timeline) =>
        timeline.Select(time => Total(streams, time)).ToList();

    /// <summary>How much a counter grew in each step (the first step counts from zero only if the stream began inside the window).</summary>
    public static IReadOnlyList<double> Increments(IReadOnlyList<MetricStream> streams, IReadOnlyList<DateTimeOffset> timeline, TimeSpan step) =>
        timeline.Select(time => Total(streams, time) - Total(streams, time - step)).Select(value => Math.Max(0, value)).ToList();

    /// <summary>Every stream's histogram, merged; null when nothing was recorded.</summary>
    public static HistogramValue? Histogram(IReadOnlyList<MetricStream> streams, DateTimeOffset? at = null) =>
        streams
            .Select(stream => (at is null ? stream.Points[^1] : stream.At(at.Value))?.Histogram)
            .Aggregate((HistogramValue?)null, HistogramMath.Add);

    /// <summary>The quantile of what was recorded within each step (null where nothing was).</summary>
    public static IReadOnlyList<double?> Quantiles(IReadOnlyList<MetricStream> streams, IReadOnlyList<DateTimeOffset> timeline, TimeSpan step, double quantile) =>
        timeline.Select(time =>
        {
            var window = HistogramMath.Subtract(Histogram(streams, time), Histogram(streams, time - step));
            return window is { Count: > 0 } ? window.Quantile(quantile) : null;
        }).ToList();
}

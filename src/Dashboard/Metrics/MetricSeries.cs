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
    public static IReadOnlyList<double> Increments(IReadOnlyList<MetricStream> streams, IReadOnlyList<DateTimeOffset> timeline, TimeSpan step)
    {
        // Each sample's total is also the next sample's "before": read every total once.
        var previous = Total(streams, timeline.Count > 0 ? timeline[0] - step : default);
        var increments = new List<double>(timeline.Count);
        foreach (var time in timeline)
        {
            var total = Total(streams, time);
            increments.Add(Math.Max(0, total - previous));
            previous = total;
        }

        return increments;
    }

    /// <summary>Every stream's histogram, merged; null when nothing was recorded.</summary>
    public static HistogramValue? Histogram(IReadOnlyList<MetricStream> streams, DateTimeOffset? at = null) =>
        streams
            .Select(stream => (at is null ? stream.Points[^1] : stream.At(at.Value))?.Histogram)
            .Aggregate((HistogramValue?)null, HistogramMath.Add);

    /// <summary>The quantile of what was recorded within each step (null where nothing was).</summary>
    public static IReadOnlyList<double?> Quantiles(IReadOnlyList<MetricStream> streams, IReadOnlyList<DateTimeOffset> timeline, TimeSpan step, double quantile)
    {
        var previous = Histogram(streams, timeline.Count > 0 ? timeline[0] - step : default);
        var quantiles = new List<double?>(timeline.Count);
        foreach (var time in timeline)
        {
            var current = Histogram(streams, time);
            var window = HistogramMath.Subtract(current, previous);
            quantiles.Add(window is { Count: > 0 } ? window.Quantile(quantile) : null);
            previous = current;
        }

        return quantiles;
    }
}

using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Metrics;

/// <summary>
/// The points of one metric stream (resource, tag set and start time: a restarted process begins a new
/// stream), oldest first, with delta points accumulated so every value reads as a running total.
/// </summary>
public sealed class MetricStream
{
    private MetricStream(IReadOnlyDictionary<string, string> tags, IReadOnlyList<MetricPoint> points)
    {
        Tags = tags;
        Points = points;
    }

    public IReadOnlyDictionary<string, string> Tags { get; }

    public IReadOnlyList<MetricPoint> Points { get; }

    public static IReadOnlyList<MetricStream> Split(IEnumerable<MetricPoint> points, Func<IReadOnlyDictionary<string, string>, bool>? tagFilter = null) =>
        points
            .Where(point => tagFilter is null || tagFilter(point.Tags))
            .GroupBy(point => (point.Resource, point.StartTime, Tags: TagKey(point.Tags)))
            .Select(group => new MetricStream(group.First().Tags, Accumulate(group.OrderBy(point => point.Time).ToList())))
            .ToList();

    /// <summary>The last point at or before <paramref name="time"/>, or null when the stream had not begun.</summary>
    public MetricPoint? At(DateTimeOffset time)
    {
        var low = 0;
        var high = Points.Count - 1;
        MetricPoint? found = null;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (Points[middle].Time <= time)
            {
                found = Points[middle];
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    private static string TagKey(IReadOnlyDictionary<string, string> tags) =>
        string.Join('\u001f', tags.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    private static List<MetricPoint> Accumulate(List<MetricPoint> points)
    {
        if (points.Count == 0 || points[0].IsCumulative || points[0].Kind == MetricKind.Gauge)
        {
            return points;
        }

        var running = new List<MetricPoint>(points.Count);
        double total = 0;
        HistogramValue? histogram = null;
        foreach (var point in points)
        {
            total += point.Value ?? 0;
            histogram = HistogramMath.Add(histogram, point.Histogram);
            running.Add(point with { IsCumulative = true, Value = point.Value is null ? null : total, Histogram = histogram });
        }

        return running;
    }
}

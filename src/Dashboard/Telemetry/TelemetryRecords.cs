namespace Handoff.Dashboard.Telemetry;

/// <summary>One finished span as the dashboard shows it. Times are UTC; ids are lowercase hex.</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Resource,
    string Scope,
    string Name,
    string Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool IsError,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEventRecord> Events)
{
    public TimeSpan Duration => End - Start;
}

public sealed record SpanEventRecord(string Name, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A trace: its spans across every resource, root first.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    string RootResource,
    DateTimeOffset Start,
    TimeSpan Duration,
    int SpanCount,
    int ErrorCount,
    IReadOnlyList<string> Resources);

/// <summary>One structured log record. <see cref="Sequence"/> grows with arrival, for paging and live tails.</summary>
public sealed record LogEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Resource,
    string Category,
    LogSeverity Severity,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);

public enum LogSeverity
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
}

/// <summary>
/// One data point of one metric stream (resource + meter + instrument + tag set). Sums and gauges carry
/// <see cref="Value"/>; histograms carry <see cref="Histogram"/>. Cumulative and delta temporalities are
/// both stored as received, with <see cref="IsCumulative"/> saying which.
/// </summary>
public sealed record MetricPoint(
    string Resource,
    string Meter,
    string Name,
    string Unit,
    string Description,
    MetricKind Kind,
    bool IsCumulative,
    DateTimeOffset StartTime,
    DateTimeOffset Time,
    IReadOnlyDictionary<string, string> Tags,
    double? Value,
    HistogramValue? Histogram);

public enum MetricKind
{
    Sum,
    Gauge,
    Histogram,
}

/// <summary>Explicit-bucket histogram: <see cref="BucketCounts"/> has one more entry than <see cref="Bounds"/>.</summary>
public sealed record HistogramValue(long Count, double Sum, IReadOnlyList<double> Bounds, IReadOnlyList<long> BucketCounts)
{
    /// <summary>Estimated quantile (0..1) by linear interpolation inside the bucket, as Prometheus does.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0 || BucketCounts.Count == 0)
        {
            return null;
        }

        var rank = q * Count;
        long seen = 0;
        for (var i = 0; i < BucketCounts.Count; i++)
        {
            var inBucket = BucketCounts[i];
            if (seen + inBucket >= rank && inBucket > 0)
            {
                var lower = i == 0 ? 0 : Bounds[i - 1];
                var upper = i < Bounds.Count ? Bounds[i] : (Bounds.Count > 0 ? Bounds[^1] : Sum / Count);
                return lower + ((upper - lower) * ((rank - seen) / inBucket));
            }

            seen += inBucket;
        }

        return Bounds.Count > 0 ? Bounds[^1] : null;
    }
}

/// <summary>Identity of a metric instrument within a resource, for the metrics picker.</summary>
public sealed record MetricInstrument(string Resource, string Meter, string Name, string Unit, string Description, MetricKind Kind);

public sealed record LogQuery(string? Resource = null, LogSeverity? MinimumSeverity = null, string? Text = null, string? TraceId = null, int Limit = 500);

public sealed record TraceQuery(string? Resource = null, string? Text = null, bool ErrorsOnly = false, int Limit = 200);

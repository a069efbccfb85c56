using Handoff.Dashboard.Otlp.Proto.Collector.Metrics.V1;
using Handoff.Dashboard.Otlp.Proto.Metrics.V1;
using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Otlp;

internal static class MetricMapping
{
    private const uint NoRecordedValue = (uint)DataPointFlags.NoRecordedValueMask;

    public static MappedBatch<MetricPoint> Map(ExportMetricsServiceRequest request)
    {
        var batch = new Batch();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = OtlpAttributes.ResourceName(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var meter = scopeMetrics.Scope?.Name ?? "";
                foreach (var metric in scopeMetrics.Metrics)
                {
                    batch.Add(new Instrument(resource, meter, metric), metric);
                }
            }
        }

        return new MappedBatch<MetricPoint>(batch.Points, batch.Rejected, batch.Reasons.Count > 0 ? string.Join("; ", batch.Reasons) : null);
    }

    private sealed record Instrument(string Resource, string Meter, Metric Metric)
    {
        public MetricPoint Point(MetricKind kind, bool isCumulative, ulong start, ulong time, IReadOnlyDictionary<string, string> tags, double? value, HistogramValue? histogram) =>
            new(Resource, Meter, Metric.Name, Metric.Unit, Metric.Description, kind, isCumulative,
                OtlpConvert.Time(start), OtlpConvert.Time(time), tags, value, histogram);
    }

    private sealed class Batch
    {
        public List<MetricPoint> Points { get; } = [];

        public long Rejected { get; private set; }

        public SortedSet<string> Reasons { get; } = new(StringComparer.Ordinal);

        public void Add(Instrument instrument, Metric metric)
        {
            switch (metric.DataCase)
            {
                case Metric.DataOneofCase.Sum:
                    AddNumbers(instrument, MetricKind.Sum, metric.Sum.AggregationTemporality == AggregationTemporality.Cumulative, metric.Sum.DataPoints);
                    break;
                case Metric.DataOneofCase.Gauge:
                    AddNumbers(instrument, MetricKind.Gauge, false, metric.Gauge.DataPoints);
                    break;
                case Metric.DataOneofCase.Histogram:
                    AddHistograms(instrument, metric.Histogram);
                    break;
                case Metric.DataOneofCase.ExponentialHistogram:
                    Reject(metric.ExponentialHistogram.DataPoints.Count, "exponential histograms are not stored");
                    break;
                case Metric.DataOneofCase.Summary:
                    Reject(metric.Summary.DataPoints.Count, "summaries are not stored");
                    break;
                default:
                    break;
            }
        }

        private void AddNumbers(Instrument instrument, MetricKind kind, bool isCumulative, IEnumerable<NumberDataPoint> points)
        {
            foreach (var point in points)
            {
                if ((point.Flags & NoRecordedValue) != 0)
                {
                    continue;
                }

                double? value = point.ValueCase switch
                {
                    NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
                    NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
                    _ => null,
                };
                if (value is null)
                {
                    Reject(1, "number points need a value");
                    continue;
                }

                Points.Add(instrument.Point(kind, isCumulative, point.StartTimeUnixNano, point.TimeUnixNano, OtlpAttributes.ToDictionary(point.Attributes), value, null));
            }
        }

        private void AddHistograms(Instrument instrument, Histogram histogram)
        {
            var isCumulative = histogram.AggregationTemporality == AggregationTemporality.Cumulative;
            foreach (var point in histogram.DataPoints)
            {
                if ((point.Flags & NoRecordedValue) != 0)
                {
                    continue;
                }

                // No buckets at all is allowed (count and sum only); otherwise there is one more count than bounds.
                if (point.BucketCounts.Count != 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
                {
                    Reject(1, "histogram points need one more bucket count than bounds");
                    continue;
                }

                var value = new HistogramValue(
                    (long)Math.Min(point.Count, long.MaxValue),
                    point.HasSum ? point.Sum : 0,
                    [.. point.ExplicitBounds],
                    [.. point.BucketCounts.Select(count => (long)Math.Min(count, long.MaxValue))]);
                Points.Add(instrument.Point(MetricKind.Histogram, isCumulative, point.StartTimeUnixNano, point.TimeUnixNano, OtlpAttributes.ToDictionary(point.Attributes), null, value));
            }
        }

        private void Reject(int count, string reason)
        {
            if (count > 0)
            {
                Rejected += count;
                Reasons.Add(reason);
            }
        }
    }
}

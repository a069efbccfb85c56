using Handoff.Dashboard.Metrics;
using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests;

public sealed class MetricSeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_counters_total_sums_the_latest_value_of_every_stream_including_a_restarted_process()
    {
        MetricPoint[] points =
        [
            Counter("botgateway", T0, T0.AddSeconds(1), 5, ("outcome", "welcomed")),
            Counter("botgateway", T0, T0.AddSeconds(2), 7, ("outcome", "welcomed")),
            Counter("botgateway", T0, T0.AddSeconds(2), 2, ("outcome", "rejected")),
            // The gateway restarted: a new stream begins from zero.
            Counter("botgateway", T0.AddSeconds(10), T0.AddSeconds(11), 3, ("outcome", "welcomed")),
        ];

        Assert.Equal(12, MetricSeries.Total(MetricStream.Split(points)));
        Assert.Equal(10, MetricSeries.Total(MetricStream.Split(points, HandoffFunnel.Tag("outcome", "welcomed"))));
        Assert.Equal(7, MetricSeries.Total(MetricStream.Split(points, HandoffFunnel.Tag("outcome", "welcomed")), at: T0.AddSeconds(5)));
    }

    [Fact]
    public void Delta_points_are_accumulated_into_running_totals()
    {
        MetricPoint[] points =
        [
            Counter("svc", T0, T0.AddSeconds(1), 4) with { IsCumulative = false },
            Counter("svc", T0.AddSeconds(1), T0.AddSeconds(2), 6) with { IsCumulative = false },
        ];

        Assert.Equal(10, MetricSeries.Total(MetricStream.Split(points)));
    }

    [Fact]
    public void Increments_per_step_show_how_much_a_counter_grew()
    {
        MetricPoint[] points = [Counter("svc", T0, T0.AddSeconds(1), 2), Counter("svc", T0, T0.AddSeconds(6), 5), Counter("svc", T0, T0.AddSeconds(11), 5)];
        var timeline = MetricSeries.Timeline(T0.AddSeconds(5), T0.AddSeconds(15), TimeSpan.FromSeconds(5));

        Assert.Equal([2, 3, 0], MetricSeries.Increments(MetricStream.Split(points), timeline, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Histogram_percentiles_per_step_come_from_what_was_recorded_within_the_step()
    {
        // First second: 10 fast values; the next five seconds: 10 slow ones.
        MetricPoint[] points =
        [
            Histogram(T0.AddSeconds(1), new HistogramValue(10, 0.05, [0.01, 0.1], [10, 0, 0])),
            Histogram(T0.AddSeconds(6), new HistogramValue(20, 1.05, [0.01, 0.1], [10, 10, 0])),
        ];
        var streams = MetricStream.Split(points);
        var timeline = MetricSeries.Timeline(T0.AddSeconds(5), T0.AddSeconds(10), TimeSpan.FromSeconds(5));

        var p50 = MetricSeries.Quantiles(streams, timeline, TimeSpan.FromSeconds(5), 0.5);

        Assert.Equal(0.005, p50[0]!.Value, 6);
        Assert.Equal(0.055, p50[1]!.Value, 6);
        Assert.Equal(0.01, MetricSeries.Histogram(streams)!.Quantile(0.5)!.Value, 6);
    }

    private static MetricPoint Counter(string resource, DateTimeOffset start, DateTimeOffset time, double value, params (string Key, string Value)[] tags) =>
        new(resource, "Handoff", "handoff.outcomes", "{handoff}", "", MetricKind.Sum, IsCumulative: true, start, time,
            tags.ToDictionary(tag => tag.Key, tag => tag.Value), value, null);

    private static MetricPoint Histogram(DateTimeOffset time, HistogramValue value) =>
        new("botgateway", "Handoff", "handoff.click_to_welcome.duration", "s", "", MetricKind.Histogram, IsCumulative: true, T0, time,
            new Dictionary<string, string>(), null, value);
}

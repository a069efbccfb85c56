using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests.Telemetry;

public sealed class MetricStorageTests
{
    [Fact]
    public void Metric_points_past_the_limit_evict_the_oldest_across_instruments()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxMetricPoints = 3 });

        store.AddMetricPoints([Samples.Counter("requests", 1, second: 0), Samples.Counter("failures", 1, second: 0)]);
        store.AddMetricPoints([Samples.Counter("requests", 2, second: 1), Samples.Counter("requests", 3, second: 2), Samples.Counter("requests", 4, second: 3)]);

        Assert.Equal([2d, 3d, 4d], store.GetPoints("requests").Select(point => point.Value!.Value));
        Assert.Empty(store.GetPoints("failures"));
        Assert.Equal(["requests"], store.GetInstruments().Select(instrument => instrument.Name));
    }

    [Fact]
    public void Points_are_read_oldest_first_by_resource_and_since_a_time()
    {
        var store = new TelemetryStore();
        store.AddMetricPoints(
        [
            Samples.Counter("requests", 3, second: 3),
            Samples.Counter("requests", 1, second: 1),
            Samples.Counter("requests", 9, resource: "handoffservice", second: 2),
        ]);

        Assert.Equal([1d, 9d, 3d], store.GetPoints("requests").Select(point => point.Value!.Value));
        Assert.Equal([3d], store.GetPoints("requests", "botgateway", Samples.Epoch.AddSeconds(2)).Select(point => point.Value!.Value));
    }

    [Fact]
    public void Instruments_are_listed_once_per_resource_and_meter()
    {
        var store = new TelemetryStore();
        store.AddMetricPoints(
        [
            Samples.Counter("requests", 1),
            Samples.Counter("requests", 2),
            Samples.Counter("requests", 1, resource: "handoffservice"),
        ]);

        Assert.Equal(2, store.GetInstruments().Count);
        var instrument = Assert.Single(store.GetInstruments("handoffservice"));
        Assert.Equal(new MetricInstrument("handoffservice", "Handoff.Test", "requests", "{request}", "", MetricKind.Sum), instrument);
    }
}

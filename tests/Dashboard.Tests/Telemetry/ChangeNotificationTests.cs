using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests.Telemetry;

public sealed class ChangeNotificationTests
{
    [Fact]
    public void Changed_fires_once_per_batch_that_stored_something()
    {
        var store = new TelemetryStore();
        var changes = 0;
        store.Changed += () => changes++;

        store.AddLogs([Samples.Log("a"), Samples.Log("b")]);
        store.AddSpans([Samples.Span("t1", "a")]);
        store.AddMetricPoints([Samples.Counter("requests", 1)]);
        store.AddLogs([]);

        Assert.Equal(3, changes);
    }

    [Fact]
    public void A_failing_change_handler_neither_stops_the_batch_nor_the_other_handlers()
    {
        var store = new TelemetryStore();
        var told = false;
        store.Changed += () => throw new InvalidOperationException("page gone");
        store.Changed += () => told = true;

        store.AddLogs([Samples.Log("a")]);

        Assert.True(told);
        Assert.Single(store.GetLogs(new LogQuery()));
    }

    [Fact]
    public void A_change_handler_may_read_the_store()
    {
        var store = new TelemetryStore();
        var seen = -1;
        store.Changed += () => seen = store.GetLogs(new LogQuery()).Count;

        store.AddLogs([Samples.Log("a")]);

        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_keep_the_store_within_its_bounds()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxLogs = 100, MaxTraces = 50, MaxMetricPoints = 200 });
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            for (var batch = 0; batch < 200; batch++)
            {
                store.AddLogs(Enumerable.Range(0, 10).Select(i => Samples.Log($"{writer}/{batch}/{i}")));
                store.AddSpans(Enumerable.Range(0, 5).Select(i => Samples.Span($"{writer}-{batch}", $"s{i}")));
                store.AddMetricPoints(Enumerable.Range(0, 10).Select(i => Samples.Counter($"m{i % 3}", i)));
                store.GetTraces(new TraceQuery(Text: "get"));
                store.GetLogs(new LogQuery(Text: "1/"));
            }
        }, TestContext.Current.CancellationToken));

        await Task.WhenAll(writers);

        Assert.Equal(100, store.GetLogs(new LogQuery(Limit: 1_000)).Count);
        Assert.Equal(50, store.GetTraces(new TraceQuery(Limit: 1_000)).Count);
        Assert.Equal(200, store.GetInstruments().Sum(instrument => store.GetPoints(instrument.Name).Count));
        Assert.Equal(8_000, store.GetLogs(new LogQuery(Limit: 1)).Single().Sequence);
    }
}

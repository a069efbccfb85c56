using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests.Telemetry;

public sealed class TraceStorageTests
{
    [Fact]
    public void Spans_are_grouped_into_traces_summarized_from_their_root()
    {
        var store = new TelemetryStore();

        store.AddSpans([Samples.Span("t1", "child", parentSpanId: "root", resource: "handoffservice", name: "publish", startSecond: 1, durationSeconds: 5, isError: true)]);
        store.AddSpans([Samples.Span("t1", "root", name: "POST /api/messages", startSecond: 0, durationSeconds: 2)]);

        var trace = Assert.Single(store.GetTraces(new TraceQuery()));
        Assert.Equal(new TraceSummary("t1", "POST /api/messages", "botgateway", Samples.Epoch, TimeSpan.FromSeconds(6), 2, 1, trace.Resources), trace);
        Assert.Equal(["botgateway", "handoffservice"], trace.Resources);
        Assert.Equal(["root", "child"], store.GetTrace("t1").Select(span => span.SpanId));
    }

    [Fact]
    public void Without_its_root_a_trace_is_named_after_its_earliest_orphan_span()
    {
        var store = new TelemetryStore();

        store.AddSpans(
        [
            Samples.Span("t1", "late", parentSpanId: "missing", name: "late", startSecond: 3),
            Samples.Span("t1", "early", parentSpanId: "missing", name: "early", startSecond: 1),
            Samples.Span("t1", "nested", parentSpanId: "early", name: "nested", startSecond: 0),
        ]);

        Assert.Equal("early", Assert.Single(store.GetTraces(new TraceQuery())).RootName);
    }

    [Fact]
    public void Traces_past_the_limit_evict_the_oldest_with_all_their_spans()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxTraces = 2 });

        store.AddSpans([Samples.Span("t1", "a", startSecond: 10), Samples.Span("t1", "b", parentSpanId: "a", startSecond: 11)]);
        store.AddSpans([Samples.Span("t2", "c", startSecond: 1)]);
        store.AddSpans([Samples.Span("t3", "d", startSecond: 2)]);

        Assert.Equal(["t3", "t2"], store.GetTraces(new TraceQuery()).Select(trace => trace.TraceId));
        Assert.Empty(store.GetTrace("t1"));
    }

    [Fact]
    public void A_span_sent_twice_is_stored_once()
    {
        var store = new TelemetryStore();

        store.AddSpans([Samples.Span("t1", "a")]);
        store.AddSpans([Samples.Span("t1", "a")]);

        Assert.Single(store.GetTrace("t1"));
    }

    [Fact]
    public void A_trace_keeps_no_more_spans_than_its_limit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpansPerTrace = 3 });

        store.AddSpans(Enumerable.Range(0, 10).Select(i => Samples.Span("t1", $"s{i}", startSecond: i)));

        Assert.Equal(["s0", "s1", "s2"], store.GetTrace("t1").Select(span => span.SpanId));
    }

    [Fact]
    public void Trace_filters_select_by_resource_errors_and_text_in_names_and_attributes()
    {
        var store = new TelemetryStore();
        store.AddSpans(
        [
            Samples.Span("t1", "a", name: "GET /health", startSecond: 1),
            Samples.Span("t2", "b", name: "POST /api/messages", startSecond: 2, isError: true),
            Samples.Span("t3", "c", resource: "handoffservice", name: "consume", startSecond: 3, isError: true,
                attributes: new() { ["messaging.destination"] = "HandoffRequested" }),
        ]);

        Assert.Equal(["t3", "t2"], store.GetTraces(new TraceQuery(ErrorsOnly: true)).Select(t => t.TraceId));
        Assert.Equal(["t3"], store.GetTraces(new TraceQuery(Text: "handoffrequested")).Select(t => t.TraceId));
        Assert.Equal(["t2", "t1"], store.GetTraces(new TraceQuery(Resource: "botgateway")).Select(t => t.TraceId));
        Assert.Equal(["t3"], store.GetTraces(new TraceQuery(Limit: 1)).Select(t => t.TraceId));
    }
}

using Handoff.Dashboard.Components.Shared;
using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests;

public sealed class WaterfallTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Children_follow_their_parent_by_start_time_across_services()
    {
        SpanRecord[] spans =
        [
            Span("c2", "root", "handoffservice", 30),
            Span("root", null, "botgateway", 0),
            Span("c1", "root", "botgateway", 10),
            Span("g1", "c2", "conversationstate", 35),
        ];

        var rows = Waterfall.Build(spans);

        Assert.Equal(["root", "c1", "c2", "g1"], rows.Select(row => row.Span.SpanId));
        Assert.Equal([0, 1, 1, 2], rows.Select(row => row.Depth));
    }

    [Fact]
    public void A_span_whose_parent_is_missing_or_loops_back_is_shown_as_a_root()
    {
        SpanRecord[] spans = [Span("orphan", "gone", "botgateway", 5), Span("loop", "loop", "botgateway", 1)];

        var rows = Waterfall.Build(spans);

        Assert.Equal(["orphan", "loop"], rows.Select(row => row.Span.SpanId));
    }

    private static SpanRecord Span(string id, string? parent, string resource, int startMs) =>
        new("t1", id, parent, resource, "scope", id, "Internal", T0.AddMilliseconds(startMs), T0.AddMilliseconds(startMs + 5), false, null,
            new Dictionary<string, string>(), []);
}

using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests.Telemetry;

public sealed class LogStorageTests
{
    [Fact]
    public void Logs_past_the_limit_evict_the_oldest_and_are_read_newest_first()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxLogs = 3 });

        store.AddLogs([Samples.Log("one"), Samples.Log("two")]);
        store.AddLogs([Samples.Log("three"), Samples.Log("four")]);

        var logs = store.GetLogs(new LogQuery());
        Assert.Equal(["four", "three", "two"], logs.Select(log => log.Message));
        Assert.Equal([4L, 3L, 2L], logs.Select(log => log.Sequence));
    }

    [Fact]
    public void Log_filters_combine_resource_severity_trace_and_text_in_any_case()
    {
        var store = new TelemetryStore();
        store.AddLogs(
        [
            Samples.Log("Handoff requested", severity: LogSeverity.Warning, traceId: "abc"),
            Samples.Log("Handoff requested", resource: "handoffservice", severity: LogSeverity.Warning, traceId: "abc"),
            Samples.Log("Handoff requested", severity: LogSeverity.Debug, traceId: "abc"),
            Samples.Log("Other", severity: LogSeverity.Error, traceId: "abc", attributes: new() { ["agent"] = "HANDOFF desk" }),
            Samples.Log("Handoff requested", severity: LogSeverity.Error, traceId: "def"),
        ]);

        var found = store.GetLogs(new LogQuery(Resource: "BotGateway", MinimumSeverity: LogSeverity.Warning, Text: "handoff", TraceId: "ABC"));

        Assert.Equal(["Other", "Handoff requested"], found.Select(log => log.Message));
        Assert.All(found, log => Assert.Equal("botgateway", log.Resource));
    }

    [Fact]
    public void A_log_query_returns_at_most_its_limit()
    {
        var store = new TelemetryStore();
        store.AddLogs(Enumerable.Range(0, 50).Select(i => Samples.Log($"log {i}")));

        Assert.Equal(["log 49", "log 48"], store.GetLogs(new LogQuery(Limit: 2)).Select(log => log.Message));
    }

    [Fact]
    public void Resources_are_forgotten_once_all_their_telemetry_is_evicted()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxLogs = 2 });
        store.AddLogs([Samples.Log("old", resource: "conversationstate")]);
        store.AddSpans([Samples.Span("t1", "s1", resource: "handoffservice")]);

        store.AddLogs([Samples.Log("new"), Samples.Log("newer")]);

        Assert.Equal(["botgateway", "handoffservice"], store.GetResources());
    }
}

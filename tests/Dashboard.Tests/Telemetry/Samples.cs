using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests.Telemetry;

/// <summary>Records as the intake would map them, with only what a test cares about to be said.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> NoAttributes = [];

    public static SpanRecord Span(
        string traceId,
        string spanId,
        string? parentSpanId = null,
        string resource = "botgateway",
        string name = "GET /api/messages",
        int startSecond = 0,
        int durationSeconds = 1,
        bool isError = false,
        Dictionary<string, string>? attributes = null) =>
        new(traceId, spanId, parentSpanId, resource, "Test", name, "Server", Epoch.AddSeconds(startSecond),
            Epoch.AddSeconds(startSecond + durationSeconds), isError, null, attributes ?? NoAttributes, []);

    public static LogEntry Log(
        string message,
        string resource = "botgateway",
        LogSeverity severity = LogSeverity.Information,
        string? traceId = null,
        Dictionary<string, string>? attributes = null) =>
        new(0, Epoch, resource, "Handoff.Test", severity, message, traceId, null, attributes ?? NoAttributes);

    public static MetricPoint Counter(string name, double value, string resource = "botgateway", int second = 0) =>
        new(resource, "Handoff.Test", name, "{request}", "", MetricKind.Sum, true, Epoch, Epoch.AddSeconds(second), NoAttributes, value, null);
}

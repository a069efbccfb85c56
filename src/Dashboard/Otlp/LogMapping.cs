using Handoff.Dashboard.Otlp.Proto.Collector.Logs.V1;
using Handoff.Dashboard.Otlp.Proto.Logs.V1;
using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Otlp;

internal static class LogMapping
{
    public static List<LogEntry> Map(ExportLogsServiceRequest request)
    {
        List<LogEntry> records = [];
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = OtlpAttributes.ResourceName(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                // The .NET exporter puts the logger's category in the instrumentation scope name.
                var category = scopeLogs.Scope?.Name ?? "";
                foreach (var log in scopeLogs.LogRecords)
                {
                    records.Add(Map(log, resource, category));
                }
            }
        }

        return records;
    }

    public static LogSeverity Severity(int severityNumber) => severityNumber switch
    {
        >= 1 and <= 4 => LogSeverity.Trace,
        >= 5 and <= 8 => LogSeverity.Debug,
        >= 13 and <= 16 => LogSeverity.Warning,
        >= 17 and <= 20 => LogSeverity.Error,
        >= 21 and <= 24 => LogSeverity.Critical,

        // 9-12, and "unspecified" (0): a log that says nothing of its level is shown as an ordinary one.
        _ => LogSeverity.Information,
    };

    private static LogEntry Map(LogRecord log, string resource, string category) =>
        new(
            0,
            OtlpConvert.Time(log.TimeUnixNano != 0 ? log.TimeUnixNano : log.ObservedTimeUnixNano),
            resource,
            category,
            Severity(log.SeverityNumber),
            OtlpAttributes.Text(log.Body),
            OtlpConvert.Id(log.TraceId, 16),
            OtlpConvert.Id(log.SpanId, 8),
            OtlpAttributes.ToDictionary(log.Attributes));
}

using Handoff.Dashboard.Otlp.Proto.Collector.Trace.V1;
using Handoff.Dashboard.Otlp.Proto.Trace.V1;
using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Otlp;

internal static class SpanMapping
{
    public static MappedBatch<SpanRecord> Map(ExportTraceServiceRequest request)
    {
        List<SpanRecord> records = [];
        long rejected = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = OtlpAttributes.ResourceName(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? "";
                foreach (var span in scopeSpans.Spans)
                {
                    if (Map(span, resource, scope) is { } record)
                    {
                        records.Add(record);
                    }
                    else
                    {
                        rejected++;
                    }
                }
            }
        }

        return new MappedBatch<SpanRecord>(records, rejected, rejected > 0 ? "spans need a 16-byte trace id and an 8-byte span id" : null);
    }

    private static SpanRecord? Map(Span span, string resource, string scope)
    {
        if (OtlpConvert.Id(span.TraceId, 16) is not { } traceId || OtlpConvert.Id(span.SpanId, 8) is not { } spanId)
        {
            return null;
        }

        var events = span.Events.Count == 0
            ? []
            : span.Events.Select(e => new SpanEventRecord(e.Name, OtlpConvert.Time(e.TimeUnixNano), OtlpAttributes.ToDictionary(e.Attributes))).ToList();
        return new SpanRecord(
            traceId,
            spanId,
            OtlpConvert.Id(span.ParentSpanId, 8),
            resource,
            scope,
            span.Name,
            KindName(span.Kind),
            OtlpConvert.Time(span.StartTimeUnixNano),
            OtlpConvert.Time(span.EndTimeUnixNano),
            span.Status?.Code == Status.Types.StatusCode.Error,
            string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            OtlpAttributes.ToDictionary(span.Attributes),
            events);
    }

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Internal => "Internal",
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Unspecified",
    };
}

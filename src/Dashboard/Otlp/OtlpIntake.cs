using Handoff.Dashboard.Otlp.Proto.Collector.Logs.V1;
using Handoff.Dashboard.Otlp.Proto.Collector.Metrics.V1;
using Handoff.Dashboard.Otlp.Proto.Collector.Trace.V1;
using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Otlp;

/// <summary>One export request of any signal into the store, with OTLP's answer; shared by the gRPC and HTTP intakes.</summary>
internal sealed class OtlpIntake(ITelemetryStore store)
{
    public ExportTraceServiceResponse Accept(ExportTraceServiceRequest request)
    {
        var batch = SpanMapping.Map(request);
        store.AddSpans(batch.Records);
        return new ExportTraceServiceResponse
        {
            PartialSuccess = batch.Rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = batch.Rejected, ErrorMessage = batch.Reason ?? "" },
        };
    }

    public ExportLogsServiceResponse Accept(ExportLogsServiceRequest request)
    {
        // Every log record is storable: a missing or malformed trace id just leaves the log unlinked.
        store.AddLogs(LogMapping.Map(request));
        return new ExportLogsServiceResponse();
    }

    public ExportMetricsServiceResponse Accept(ExportMetricsServiceRequest request)
    {
        var batch = MetricMapping.Map(request);
        store.AddMetricPoints(batch.Records);
        return new ExportMetricsServiceResponse
        {
            PartialSuccess = batch.Rejected == 0 ? null : new ExportMetricsPartialSuccess { RejectedDataPoints = batch.Rejected, ErrorMessage = batch.Reason ?? "" },
        };
    }
}

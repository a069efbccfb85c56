using Grpc.Core;
using Handoff.Dashboard.Otlp.Proto.Collector.Trace.V1;

namespace Handoff.Dashboard.Otlp.Grpc;

internal sealed class TraceIntakeService(OtlpIntake intake) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context) =>
        Task.FromResult(intake.Accept(request));
}

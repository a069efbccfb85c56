using Grpc.Core;
using Handoff.Dashboard.Otlp.Proto.Collector.Metrics.V1;

namespace Handoff.Dashboard.Otlp.Grpc;

internal sealed class MetricsIntakeService(OtlpIntake intake) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context) =>
        Task.FromResult(intake.Accept(request));
}

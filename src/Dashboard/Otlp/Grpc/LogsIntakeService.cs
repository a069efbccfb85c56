using Grpc.Core;
using Handoff.Dashboard.Otlp.Proto.Collector.Logs.V1;

namespace Handoff.Dashboard.Otlp.Grpc;

internal sealed class LogsIntakeService(OtlpIntake intake) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context) =>
        Task.FromResult(intake.Accept(request));
}

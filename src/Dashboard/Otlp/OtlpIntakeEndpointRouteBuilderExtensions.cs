using Handoff.Dashboard.Otlp.Grpc;
using Handoff.Dashboard.Otlp.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Dashboard.Otlp;

public static class OtlpIntakeEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the OTLP collector services over gRPC (<c>opentelemetry.proto.collector.{trace,logs,metrics}.v1</c>)
    /// and OTLP/HTTP with protobuf bodies (<c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>).
    /// </summary>
    /// <remarks>
    /// The .NET OTLP exporter's default protocol is gRPC over plain-text HTTP/2 with no upgrade, so the host needs
    /// a Kestrel listener with <c>HttpProtocols.Http2</c> only (the Aspire convention is port 4317); HTTP/1.1
    /// clients of <c>http/protobuf</c> need a listener with <c>HttpProtocols.Http1</c> or <c>Http1AndHttp2</c> (4318):
    /// <code>
    /// builder.WebHost.ConfigureKestrel(kestrel =>
    /// {
    ///     kestrel.Listen(IPAddress.Loopback, 4317, listen => listen.Protocols = HttpProtocols.Http2);
    ///     kestrel.Listen(IPAddress.Loopback, 4318, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
    /// });
    /// builder.Services.AddOtlpIntake(otlp => otlp.ApiKey = apiKey);
    /// ...
    /// app.MapOtlpIntake().RequireHost("*:4317", "*:4318");
    /// </code>
    /// An exporter configured in code with <c>OtlpExportProtocol.HttpProtobuf</c> posts to its endpoint as given,
    /// so its endpoint must include the path (<c>http://host:4318/v1/traces</c>); one configured through
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> appends the path itself. The endpoints allow anonymous users because
    /// the API key, not the dashboard's browser login, protects them.
    /// </remarks>
    public static IEndpointConventionBuilder MapOtlpIntake(this IEndpointRouteBuilder endpoints)
    {
        IEndpointConventionBuilder[] mapped =
        [
            endpoints.MapGrpcService<TraceIntakeService>(),
            endpoints.MapGrpcService<LogsIntakeService>(),
            endpoints.MapGrpcService<MetricsIntakeService>(),
            endpoints.MapPost("/v1/traces", context => Http(context).Traces(context)),
            endpoints.MapPost("/v1/logs", context => Http(context).Logs(context)),
            endpoints.MapPost("/v1/metrics", context => Http(context).Metrics(context)),
        ];
        var intake = new OtlpEndpointConventionBuilder(mapped);
        intake.AllowAnonymous();
        return intake;
    }

    private static OtlpHttpIntake Http(HttpContext context) => context.RequestServices.GetRequiredService<OtlpHttpIntake>();
}

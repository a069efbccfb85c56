using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;

namespace Handoff.Dashboard.Tests.Otlp;

/// <summary>The real OpenTelemetry SDK's OTLP exporter, pointed at a test intake as a service would be.</summary>
internal static class SdkExporters
{
    public const string ServiceName = "botgateway";

    /// <summary>With an instance id too, as the AppHost's services send: the dashboard must still name the resource by service.name.</summary>
    public static ResourceBuilder Resource() =>
        ResourceBuilder.CreateEmpty().AddService(ServiceName, serviceInstanceId: "botgateway-7f3c");

    public static Action<OtlpExporterOptions> To(OtlpIntakeHost host, OtlpExportProtocol protocol, string signalPath, string? apiKey = OtlpIntakeHost.ApiKey) =>
        options =>
        {
            options.Protocol = protocol;

            // Set in code, the http/protobuf endpoint is used as given: it must name the signal's path.
            options.Endpoint = protocol == OtlpExportProtocol.Grpc ? host.GrpcEndpoint : new Uri(host.HttpEndpoint, signalPath);
            options.Headers = apiKey is null ? null : $"x-otlp-api-key={apiKey}";
        };
}

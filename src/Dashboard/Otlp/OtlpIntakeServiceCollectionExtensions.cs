using Grpc.AspNetCore.Server;
using Handoff.Dashboard.Otlp.Grpc;
using Handoff.Dashboard.Otlp.Http;
using Handoff.Dashboard.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Handoff.Dashboard.Otlp;

public static class OtlpIntakeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the OTLP intake (gRPC services, HTTP handlers, API-key check) and the telemetry store it fills
    /// (<see cref="TelemetryStoreServiceCollectionExtensions.AddTelemetryStore"/>). Map it with
    /// <see cref="OtlpIntakeEndpointRouteBuilderExtensions.MapOtlpIntake"/>.
    /// </summary>
    public static IServiceCollection AddOtlpIntake(this IServiceCollection services, Action<OtlpIntakeOptions>? configure = null)
    {
        var options = services.AddOptions<OtlpIntakeOptions>()
            .ValidateDataAnnotations()
            .Validate(intake => intake.ApiKey is null || !string.IsNullOrWhiteSpace(intake.ApiKey), "OtlpIntakeOptions.ApiKey must be null (no key) or not blank.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddTelemetryStore();
        services.TryAddSingleton<OtlpApiKey>();
        services.TryAddSingleton<OtlpIntake>();
        services.TryAddSingleton<OtlpHttpIntake>();
        services.TryAddSingleton<OtlpApiKeyInterceptor>();

        services.AddGrpc();
        ProtectGrpcService<TraceIntakeService>(services);
        ProtectGrpcService<LogsIntakeService>(services);
        ProtectGrpcService<MetricsIntakeService>(services);
        return services;
    }

    // Per service rather than in AddGrpc's global options, so other gRPC services of the host keep their own rules.
    private static void ProtectGrpcService<TService>(IServiceCollection services)
        where TService : class =>
        services.AddOptions<GrpcServiceOptions<TService>>().Configure<IOptions<OtlpIntakeOptions>>((grpc, intake) =>
        {
            grpc.MaxReceiveMessageSize = intake.Value.MaxRequestBodyBytes;
            grpc.Interceptors.Add<OtlpApiKeyInterceptor>();
        });
}

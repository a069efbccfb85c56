using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Handoff.ServiceDefaults.Hosting;
using Handoff.ServiceDefaults.Observability;
using Handoff.ServiceDefaults.Redaction;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Handoff.ServiceDefaults;

/// <summary>
/// What every Handoff service gets, the way Aspire's ServiceDefaults project gives it: OpenTelemetry over
/// OTLP, health endpoints, service discovery and resilient HttpClients.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LivenessTag = "live";
    public const string MetricsPath = "/metrics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // First: its span processor must see every span before the exporters ConfigureOpenTelemetry adds.
        builder.AddTelemetryRedaction();
        builder.ConfigureOpenTelemetry();
        builder.Services.AddValidatedOptions<ObservabilityOptions>(ObservabilityOptions.SectionName);
        builder.Services.AddSingleton<TenantMetricTag>();
        builder.AddHandoffRedaction();
        builder.AddDefaultHealthChecks();
        builder.AddParentProcessWatch();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Every client gets the standard pipeline unless it replaces it: calls to other Handoff services have none
            // (InClusterHttpClients), the Bot Connector's has its own. What keeps it is the gateway's calls out of the
            // cluster (signing keys, MSAL): fail over fast rather than hold the user for the standard 30 s.
            http.AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(3);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                // A POST that timed out may have succeeded: only what can repeat safely is retried.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
            });
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // Our histograms carry their buckets as advice (HandoffTelemetry.DurationAdvice): a view here would override it.
                .AddMeter(HandoffTelemetry.MeterName, "MassTransit")
                // Beside OTLP: the AppHost scrapes every replica's /metrics for the handoff funnel.
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, HandoffTelemetry.ActivitySourceName, "MassTransit")
                .AddAspNetCoreInstrumentation(aspnet =>
                    aspnet.Filter = context => !IsProbeOrScrape(context.Request.Path))
                .AddHttpClientInstrumentation());

        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) =>
        {
            var limit = services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricSeriesLimit;
            // Only the limit: the histograms' buckets still come from their advice.
            metrics.AddView(_ => new MetricStreamConfiguration { CardinalityLimit = limit });
        });

        // Exporting is opt-in through the standard variable, as with Aspire: the AppHost sets it.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LivenessTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: ready to serve (every check); <c>/alive</c>: the process answers (liveness only);
    /// <c>/metrics</c>: every meter in Prometheus's text format.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LivenessTag),
        });
        return app;
    }

    private static bool IsProbeOrScrape(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments(MetricsPath);
}

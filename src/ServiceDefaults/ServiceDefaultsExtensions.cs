using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Handoff.ServiceDefaults.Hosting;
using Handoff.ServiceDefaults.Http;
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
            // Our calls are loopback or in-cluster hops on a user's click: fail over fast rather than hold
            // the user for the standard 30 s. Callers add their own retries on top (MassTransit's).
            http.AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(3);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                // A POST that timed out may have succeeded: retrying it could swap a task back, mint extra
                // tokens or see its own claim. Callers that can repeat safely do so themselves.
                resilience.Retry.DisableForUnsafeHttpMethods();
                // A connection refused never reached the server, so any method may go again; service discovery
                // picks the next replica for the retry (a replica just killed, say).
                var safeMethodsOnly = resilience.Retry.ShouldHandle;
                resilience.Retry.ShouldHandle = async args => RefusedConnection.NeverReachedServer(args.Outcome.Exception) || await safeMethodsOnly(args);
                // …at once: a refused connection costs no time, and waiting would hold the user's click.
                resilience.Retry.DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RefusedConnection.NeverReachedServer(args.Outcome.Exception) ? TimeSpan.Zero : null);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
                // A 429 is a live server limiting one caller (ConversationState's open handoffs per user), not a
                // sick one: counted as a failure, one user over their limit opened the circuit and every user
                // got 503 for as long as they kept trying (found by tools/fuzz). Nor is one dead replica of
                // several a sick service: the breaker is per client, not per replica, so counting its refused
                // connections would cut callers off from the live replicas too.
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests
                    && !RefusedConnection.NeverReachedServer(args.Outcome.Exception)
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome));
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

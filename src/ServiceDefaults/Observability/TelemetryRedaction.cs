using Handoff.Contracts.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Handoff.ServiceDefaults.Observability;

/// <summary>No user, tenant or conversation id in span URLs or log scopes (issue 15; docs/decisions, security ADR).</summary>
public static class TelemetryRedaction
{
    /// <summary>ASP.NET Core hosting's category: it opens the <c>RequestPath</c> scope and logs each request's full URL.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static TBuilder AddTelemetryRedaction<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Hosting opens its RequestPath scope only while this category is enabled at some level; every log line
        // of a request carries that scope, and IncludeScopes exports it. The server span records each request
        // instead, with its route template.
        builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        // The HttpClient factory's loggers open an "HTTP POST {url}" scope around every call, whatever their level.
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        builder.Services.AddSpanUrlTemplates(StateApiRoutes.Templates);
        builder.Services.AddOpenTelemetry().WithTracing(tracing =>
            tracing.AddProcessor(services => new SpanUrlRedaction(services.GetRequiredService<IOptions<SpanUrlRedactionOptions>>())));
        return builder;
    }

    /// <summary>Adds the path templates of an API this service calls, so its client spans show them.</summary>
    public static IServiceCollection AddSpanUrlTemplates(this IServiceCollection services, IEnumerable<string> templates) =>
        services.Configure<SpanUrlRedactionOptions>(options => options.ClientTemplates.AddRange(templates));
}

using Handoff.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

public static class PacingRegistration
{
    /// <summary>
    /// The outbound pacing, shared through Redis where <c>ConnectionStrings:redis</c> is set (the AppHost's reference).
    /// Redis being down never stops the gateway: the connection retries in the background and, until then, each
    /// replica paces alone; nor does it make the gateway unhealthy, so Aspire's Redis health check is off. Its
    /// per-command tracing is off too (<c>Aspire:StackExchange:Redis:DisableTracing</c> in <see cref="GatewayConfigurationDefaults"/>, as in
    /// ConversationState; ADR 0012 says what it cost).
    /// </summary>
    public static WebApplicationBuilder AddOutboundPacing(this WebApplicationBuilder builder)
    {
        var shared = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Redis));
        if (shared)
        {
            builder.AddRedisClient(ResourceNames.Redis, settings => settings.DisableHealthChecks = true, options => options.AbortOnConnectFail = false);
        }

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            return new OutboundSendLimiter(
                PacingLimits.From(options),
                options.ReplicaCount,
                shared ? services.GetRequiredService<IConnectionMultiplexer>() : null,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ConnectorMetrics>(),
                services.GetRequiredService<ILogger<OutboundSendLimiter>>(),
                options.PaceSends,
                options.PacingGuard);
        });
        builder.Services.AddTransient<OutboundRateLimitHandler>();
        return builder;
    }
}

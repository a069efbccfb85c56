using Microsoft.Extensions.Configuration.Memory;

namespace Handoff.BotGateway;

/// <summary>
/// The gateway's own settings, under every source of the app's configuration, so a team's project gets them with
/// <c>AddHandoffGateway()</c> and overrides any of them in its own appsettings.json. In code rather than in the
/// gateway's appsettings.json: a referenced web project's appsettings.json is published into the team's output beside
/// the team's own, which the SDK refuses (NETSDK1152).
/// </summary>
public static class GatewayConfigurationDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:MassTransit"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
        ["Logging:LogLevel:Polly"] = "Warning",
        // The pacing Redis client traces no commands (ADR 0016).
        ["Aspire:StackExchange:Redis:DisableTracing"] = "true",
    };

    public static WebApplicationBuilder AddGatewayConfigurationDefaults(this WebApplicationBuilder builder)
    {
        // First, so that every source the app has, and any it adds later, overrides them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
        return builder;
    }
}

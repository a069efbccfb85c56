using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Dashboard.Telemetry;

public static class TelemetryStoreServiceCollectionExtensions
{
    /// <summary>Registers the one <see cref="TelemetryStore"/> as <see cref="ITelemetryStore"/>; a second call only adds its configuration.</summary>
    public static IServiceCollection AddTelemetryStore(this IServiceCollection services, Action<TelemetryLimits>? configure = null)
    {
        var limits = services.AddOptions<TelemetryLimits>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            limits.Configure(configure);
        }

        services.TryAddSingleton(provider => new TelemetryStore(
            provider.GetRequiredService<IOptions<TelemetryLimits>>(),
            provider.GetRequiredService<ILogger<TelemetryStore>>()));
        services.TryAddSingleton<ITelemetryStore>(provider => provider.GetRequiredService<TelemetryStore>());
        return services;
    }
}

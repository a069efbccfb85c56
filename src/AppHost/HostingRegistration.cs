using Aspire.Hosting;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Handoff.AppHost.Brokers;
using Handoff.AppHost.Restarts;
using Handoff.AppHost.Services;

namespace Handoff.AppHost;

public static class HostingRegistration
{
    /// <summary>What Aspire leaves to us: crash restarts, the services' own PIDs, and the state of a group of broker processes.</summary>
    public static IDistributedApplicationBuilder AddHandoffHosting(this IDistributedApplicationBuilder builder)
    {
        builder.Services.TryAddEventingSubscriber<CrashRestarts>();
        builder.Services.TryAddEventingSubscriber<ServiceProcesses>();
        builder.Services.TryAddEventingSubscriber<BrokerGroupState>();
        builder.Services.AddSingleton<RunningInstances>();
        builder.Services.AddSingleton<IDistributedApplicationEventingSubscriber>(services => services.GetRequiredService<RunningInstances>());
        return builder;
    }
}

using Yarp.ReverseProxy.ServiceDiscovery;

namespace Handoff.ReverseProxy.Destinations;

internal static class ServiceDiscoveryDestinationsRegistration
{
    /// <summary>YARP destinations named by service resolve through service discovery (registered by the service defaults).</summary>
    public static IServiceCollection AddServiceDiscoveryDestinations(this IServiceCollection services) =>
        services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
}

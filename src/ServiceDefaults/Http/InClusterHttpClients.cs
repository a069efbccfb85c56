using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Handoff.ServiceDefaults.Http;

public static class InClusterHttpClients
{
    /// <summary>The longest one call may take, its attempts together.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A typed client of another Handoff service, resolved by service discovery: no resilience pipeline (the defaults'
    /// one is taken off), only <see cref="InClusterCallHandler"/> in front of service discovery, so that a retried
    /// attempt may go to another replica.
    /// </summary>
    public static IHttpClientBuilder AddInClusterHttpClient<TClient>(this IServiceCollection services, Uri baseAddress)
        where TClient : class
    {
        var client = services.AddHttpClient<TClient>(http =>
        {
            http.BaseAddress = baseAddress;
            http.Timeout = TotalTimeout;
        });
#pragma warning disable EXTEXP0001 // The only way to take the defaults' pipeline off one client.
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return client.ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Insert(0, new InClusterCallHandler()));
    }
}

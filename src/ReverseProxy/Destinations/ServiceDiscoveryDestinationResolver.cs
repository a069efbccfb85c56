using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Handoff.ReverseProxy.Destinations;

/// <summary>
/// Expands a destination named by service (<c>http://botgateway</c>) into one destination per endpoint that
/// service discovery knows (<c>services__botgateway__http__0…n</c>), as Microsoft.Extensions.ServiceDiscovery.Yarp
/// does (that package is not served here). A name service discovery cannot resolve fails start-up, loudly.
/// </summary>
internal sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        var changeTokens = new List<IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync(address.GetLeftPart(UriPartial.Authority), cancellationToken);
            if (source.Endpoints.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Destination '{name}' ({destination.Address}) has no endpoints: set services__{address.Host}__{address.Scheme}__0 (the AppHost does).");
            }

            changeTokens.Add(source.ChangeToken);
            foreach (var endpoint in source.Endpoints)
            {
                var text = endpoint.ToString()!;
                var endpointUri = new Uri(text.Contains("://", StringComparison.Ordinal) ? text : $"{address.Scheme}://{text}");
                var target = new UriBuilder(address) { Scheme = endpointUri.Scheme, Host = endpointUri.Host, Port = endpointUri.Port };
                resolved[$"{name}[{endpointUri.Authority}]"] = destination with { Address = target.Uri.ToString() };
            }
        }

        return new ResolvedDestinationCollection(resolved, new CompositeChangeToken(changeTokens));
    }
}

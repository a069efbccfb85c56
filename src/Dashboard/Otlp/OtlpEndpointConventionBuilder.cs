using Microsoft.AspNetCore.Builder;

namespace Handoff.Dashboard.Otlp;

/// <summary>Applies a convention (host, authorization, rate limit…) to every OTLP endpoint at once.</summary>
internal sealed class OtlpEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> endpoints) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var endpoint in endpoints)
        {
            endpoint.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var endpoint in endpoints)
        {
            endpoint.Finally(finallyConvention);
        }
    }
}

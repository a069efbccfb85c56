namespace Handoff.Hosting.Orchestration;

/// <summary>
/// The routes of a YARP resource, handed over as YARP's own configuration section (<c>ReverseProxy__…</c>
/// variables) with each cluster's destination named by service (<c>http://botgateway</c>), which the proxy
/// resolves through service discovery to every replica.
/// </summary>
public sealed class YarpConfigurationBuilder(ResourceBuilder<ProjectResource> proxy)
{
    /// <summary>Forward requests matching <paramref name="path"/> to <paramref name="target"/> (every replica of it).</summary>
    public YarpConfigurationBuilder AddRoute(ResourceBuilder<ProjectResource> target, string path = "{**catch-all}")
    {
        var service = target.Resource.ServiceName;
        proxy.WithEnvironment($"ReverseProxy__Routes__{service}__ClusterId", service)
            .WithEnvironment($"ReverseProxy__Routes__{service}__Match__Path", path)
            .WithEnvironment($"ReverseProxy__Clusters__{service}__Destinations__{service}__Address", $"http://{service}")
            .WithReference(target)
            .WaitFor(target);
        return this;
    }
}

namespace Handoff.Hosting.Orchestration;

public static class YarpResourceBuilderExtensions
{
    /// <summary>The proxy's routes (Aspire's <c>AddYarp(…).WithConfiguration(yarp => yarp.AddRoute(service))</c>).</summary>
    public static ResourceBuilder<ProjectResource> WithConfiguration(this ResourceBuilder<ProjectResource> proxy, Action<YarpConfigurationBuilder> configure)
    {
        configure(new YarpConfigurationBuilder(proxy));
        return proxy;
    }
}

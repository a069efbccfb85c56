using DotNet.Testcontainers.Containers;
using Handoff.TestSupport.Brokers.Provisioning;

namespace Handoff.TestSupport.Containers;

/// <summary>A started container and the port Docker published for it on loopback.</summary>
public abstract class ContainerEndpoint(IContainer container, ushort containerPort, string connectionString) : IProvisionedEndpoint
{
    public IContainer Container { get; } = container;

    public int Port => Container.GetMappedPublicPort(containerPort);

    public string ConnectionString { get; } = connectionString;

    public Task StopAsync() => Container.StopAsync();

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Container.DisposeAsync();
    }
}

using Docker.DotNet.Models;

namespace Handoff.TestSupport.Containers;

public static class LoopbackPortBindings
{
    /// <summary>
    /// Publishes every port on 127.0.0.1 only: Docker's default is every interface of the machine, and a test
    /// broker with well-known credentials should not be reachable from the network.
    /// </summary>
    public static void Apply(CreateContainerParameters parameters)
    {
        foreach (var binding in parameters.HostConfig?.PortBindings?.Values.SelectMany(bindings => bindings) ?? [])
        {
            binding.HostIP = "127.0.0.1";
        }
    }
}

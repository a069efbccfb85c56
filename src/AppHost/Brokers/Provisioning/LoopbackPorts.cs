using System.Net;
using System.Net.Sockets;

namespace Handoff.AppHost.Brokers.Provisioning;

/// <summary>
/// The brokers' endpoints are not proxied (a broker's clients must reach the node itself, and DCP's proxy would hide
/// which node they are on), and Aspire needs a fixed port for those: one the kernel says is free when the model is built.
/// </summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

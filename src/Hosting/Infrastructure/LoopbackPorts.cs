using System.Net;
using System.Net.Sockets;

namespace Handoff.Hosting.Infrastructure;

public static class LoopbackPorts
{
    /// <summary>A port that was free on 127.0.0.1 a moment ago, picked by the kernel.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

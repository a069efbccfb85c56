using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Handoff.AppHost.Brokers.Provisioning;

/// <summary>
/// The brokers' endpoints are not proxied (a broker's clients must reach the node itself, and DCP's proxy would hide
/// which node they are on), and Aspire needs a fixed port for those: one that is free when the model is built and stays
/// free until the broker binds it, and again whenever a crashed node is restarted on it.
/// </summary>
/// <remarks>
/// Port 0 would hand out a port from the kernel's ephemeral range, the range every outgoing connection takes its local
/// port from: between the model being built and a broker starting (seconds; or a restart minutes later) a client socket
/// can take it, and the broker fails with EADDRINUSE (seen: RabbitMQ's AMQP listener in the end-to-end tests). So the
/// ports come from below that range (not above it: see <see cref="Highest"/>), at random so that two AppHosts on one
/// machine rarely try the same one, and never twice from one process.
/// </remarks>
public static class LoopbackPorts
{
    /// <summary>Below this are the well-known and commonly configured service ports.</summary>
    public const int Lowest = 10_000;

    /// <summary>
    /// Brokers derive ports from the one they are given: a Redis Cluster node's bus is port + 10,000, a RabbitMQ node's
    /// distribution port is port + 20,000 and its CLI tools' + 30,000. They must stay below 65,536.
    /// </summary>
    public const int Highest = 65_535 - 30_000;

    /// <summary>Where /proc does not say (Windows, macOS): IANA's dynamic range, which both use by default.</summary>
    private static readonly (int Low, int High) DefaultEphemeral = (49_152, 65_535);

    private static readonly HashSet<int> Given = [];
    private static readonly Lock GivenLock = new();

    /// <summary>The kernel's range, read once: it does not change while the model is built.</summary>
    private static readonly int EphemeralLow = EphemeralRange().Low;

    public static int Free() => Free(EphemeralLow);

    /// <summary>A free loopback port below <paramref name="ephemeralLow"/>; the kernel's own pick if none is found there.</summary>
    public static int Free(int ephemeralLow)
    {
        var candidates = Math.Max(0, Math.Min(ephemeralLow, Highest + 1) - Lowest);
        for (var attempt = 0; attempt < 100 && candidates > 0; attempt++)
        {
            var port = Lowest + Random.Shared.Next(candidates);
            lock (GivenLock)
            {
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Linux's net.ipv4.ip_local_port_range ("32768\t60999" by default).</summary>
    public static (int Low, int High) EphemeralRange()
    {
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high) && low <= high)
            {
                return (low, high);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or /proc is hidden: the default below.
        }

        return DefaultEphemeral;
    }

    private static bool IsFree(int port)
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

using System.Net;
using System.Net.Sockets;
using Handoff.AppHost.Brokers.Provisioning;

namespace Handoff.AppHost.Tests;

/// <summary>
/// A broker's fixed port must not be one an outgoing connection can take before the broker binds it (RabbitMQ failed
/// with EADDRINUSE when its port came from the ephemeral range).
/// </summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void Ports_come_from_below_the_kernels_ephemeral_range_and_leave_room_for_the_ports_brokers_derive_never_twice_and_free()
    {
        var ephemeral = LoopbackPorts.EphemeralRange();
        var ports = Enumerable.Range(0, 300).Select(_ => LoopbackPorts.Free()).ToList();

        Assert.All(ports, port => Assert.True(port >= LoopbackPorts.Lowest && port < ephemeral.Low && port + 30_000 <= 65_535,
            $"{port} is not between {LoopbackPorts.Lowest} and the ephemeral range {ephemeral.Low}-{ephemeral.High}, or a RabbitMQ node on it could not have its CLI port (+30,000)"));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var port in ports.Take(20))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }

    [Fact]
    public void The_range_is_the_one_the_kernel_uses_on_linux_and_ianas_dynamic_range_elsewhere()
    {
        var expected = (49_152, 65_535);
        if (OperatingSystem.IsLinux())
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            expected = (int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(expected, LoopbackPorts.EphemeralRange());
    }

    [Fact]
    public void A_port_bound_by_someone_else_is_not_handed_out()
    {
        // A range leaving exactly one port below it (Lowest): that port taken, the kernel's own pick is the answer.
        using var squatter = new TcpListener(IPAddress.Loopback, LoopbackPorts.Lowest);
        try
        {
            squatter.Start();
        }
        catch (SocketException)
        {
            // Someone else holds it already: just as good for this test.
        }

        var port = LoopbackPorts.Free(LoopbackPorts.Lowest + 1);

        Assert.NotEqual(LoopbackPorts.Lowest, port);
        Assert.True(port > 0);
    }
}

using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>Healthy when something accepts connections on the loopback port (epmd has no handshake worth asking).</summary>
public sealed class TcpListeningHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException exception)
        {
            return HealthCheckResult.Unhealthy($"nothing listens on port {port}: {exception.Message}");
        }
    }
}

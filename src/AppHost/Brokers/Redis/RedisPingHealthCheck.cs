using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>Healthy when the Redis on <paramref name="port"/> answers PING with PONG (a replica syncing answers LOADING).</summary>
public sealed class RedisPingHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await RedisInlineCommand.SendAsync(port, "PING", cancellationToken);
            return reply == "PONG" ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"PING on port {port} answered '{reply}'");
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy($"no Redis answers on port {port}: {exception.Message}");
        }
    }
}

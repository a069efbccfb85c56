using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// Healthy when the Redis on <paramref name="port"/> answers PING with PONG (a replica syncing, or a node still loading its
/// append-only file, answers LOADING). Where the server has Handoff's users (<paramref name="accessControl"/>), it asks as
/// the operator: without a password the server answers nothing but NOAUTH, loading or not.
/// </summary>
public sealed class RedisPingHealthCheck(int port, Func<RedisAccessControl?>? accessControl = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = accessControl?.Invoke() is { } users
                ? await RedisInlineCommand.SendAuthenticatedAsync(port, RedisAccessControl.OperatorName, await users.OperatorPasswordAsync(cancellationToken), "PING", cancellationToken)
                : await RedisInlineCommand.SendAsync(port, "PING", cancellationToken);
            return reply == "PONG" ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"PING on port {port} answered '{reply}'");
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy($"no Redis answers on port {port}: {exception.Message}");
        }
    }
}

using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// Healthy when a sentinel names a primary that answers PING and every answering sentinel knows all the replicas and
/// the other sentinels (or a failover could not reach its quorum); degraded while a node or sentinel is missing.
/// </summary>
public sealed class RedisReplicaSetHealthCheck(RedisReplicaSetResource set) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var expected = $"slaves={set.Nodes.Count - 1},sentinels={set.Sentinels.Count}";
        int? primary = null;
        var incomplete = new List<string>();
        foreach (var sentinel in set.Sentinels)
        {
            try
            {
                var view = await SentinelView.ReadAsync(sentinel.Port, set.ServiceName, cancellationToken);
                if (view is null)
                {
                    incomplete.Add($"sentinel {sentinel.Port} does not monitor '{set.ServiceName}'");
                    continue;
                }

                primary ??= SentinelView.PrimaryPort(view);
                if (!view.Contains(expected, StringComparison.Ordinal))
                {
                    incomplete.Add($"sentinel {sentinel.Port} sees {view[(view.IndexOf("slaves=", StringComparison.Ordinal))..]}");
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException)
            {
                incomplete.Add($"sentinel {sentinel.Port} does not answer");
            }
        }

        if (primary is not { } port)
        {
            return HealthCheckResult.Unhealthy($"no sentinel names a primary for '{set.ServiceName}'");
        }

        var ping = await new RedisPingHealthCheck(port).CheckHealthAsync(context, cancellationToken);
        if (ping.Status != HealthStatus.Healthy)
        {
            return HealthCheckResult.Unhealthy($"the primary on port {port}: {ping.Description}");
        }

        return incomplete.Count == 0
            ? HealthCheckResult.Healthy($"primary on port {port}")
            : HealthCheckResult.Degraded($"primary on port {port}; {string.Join("; ", incomplete)}");
    }

}

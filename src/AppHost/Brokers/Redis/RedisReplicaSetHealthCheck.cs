using System.Globalization;
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
                var view = await SentinelViewAsync(sentinel.Port, set.ServiceName, cancellationToken);
                if (view is null)
                {
                    incomplete.Add($"sentinel {sentinel.Port} does not monitor '{set.ServiceName}'");
                    continue;
                }

                primary ??= PrimaryPort(view);
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

    /// <summary>The sentinel's line for the service: <c>master0:name=…,status=ok,address=127.0.0.1:P,slaves=N,sentinels=M</c>.</summary>
    private static async Task<string?> SentinelViewAsync(int port, string serviceName, CancellationToken cancellationToken) =>
        (await RedisInlineCommand.SendAsync(port, "INFO sentinel", cancellationToken))?
            .Split("\r\n")
            .FirstOrDefault(line => line.Contains($":name={serviceName},", StringComparison.Ordinal));

    private static int? PrimaryPort(string view)
    {
        var address = view.Split(',').FirstOrDefault(part => part.StartsWith("address=", StringComparison.Ordinal));
        return address is null ? null : int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }
}

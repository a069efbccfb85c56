using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Storage;

/// <summary>
/// Healthy when Redis answers PING and, where writes wait for replicas (<see cref="StateOptions.ReplicaAcks"/>),
/// enough replicas are connected to each primary: otherwise every mint and redeem would fail while PING says fine.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, IOptions<StateOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            var required = options.Value.ReplicaAcks ?? 0;
            if (required > 0)
            {
                foreach (var server in redis.GetServers().Where(server => server.IsConnected && server.ServerType != ServerType.Sentinel))
                {
                    // The server's own answer (ROLE: "master", its offset, one entry per connected replica), not
                    // the multiplexer's idea of its role, which can lag a failover. INFO would need admin mode.
                    var role = (RedisResult[])(await server.ExecuteAsync("ROLE"))!;
                    if ((string?)role[0] != "master")
                    {
                        continue;
                    }

                    var connected = ((RedisResult[])role[2]!).Length;
                    if (connected < required)
                    {
                        return HealthCheckResult.Unhealthy(
                            $"{connected} of the {required} Redis replicas writes wait for are connected to {server.EndPoint}: mints and redeems fail until one is back");
                    }
                }
            }

            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
        }
        catch (RedisException exception)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer PING", exception);
        }
    }
}

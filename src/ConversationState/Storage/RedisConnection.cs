using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Handoff.ConversationState.Storage;

public static class RedisConnection
{
    /// <summary>
    /// Connects to the Redis named by <c>ConnectionStrings:{name}</c> (Aspire's convention). The connection is
    /// made lazily with <c>abortConnect=false</c> so the service starts, reports unhealthy, and recovers
    /// when Redis comes back, instead of crashing.
    /// </summary>
    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder, string name)
    {
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{name} is not set. Start the system with 'dotnet run --project src/AppHost', " +
                $"or set ConnectionStrings__{name} to host:port, to a Redis Cluster's nodes (host1:port1,host2:port2,…), " +
                "or to Redis Sentinels and the service they watch (host1:26379,host2:26379,serviceName=NAME).");
        }

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(name);
        return builder;
    }

    /// <summary>StackExchange.Redis connects through Sentinel when the connection string names a <c>serviceName</c>.</summary>
    public static bool NamesSentinelService(string? connectionString) =>
        !string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrEmpty(ConfigurationOptions.Parse(connectionString).ServiceName);

    /// <summary>
    /// Healthy when Redis answers PING and, where writes wait for replicas (<see cref="StateOptions.ReplicaAcks"/>),
    /// enough replicas are connected to each primary: otherwise every mint and redeem would fail while PING says fine.
    /// </summary>
    private sealed class RedisHealthCheck(IConnectionMultiplexer redis, Microsoft.Extensions.Options.IOptions<StateOptions> options) : IHealthCheck
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
}

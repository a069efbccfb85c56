using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Storage;

public static class RedisConnection
{
    /// <summary>
    /// Connects through Aspire's Redis client (<c>ConnectionStrings:{name}</c> or
    /// <c>Aspire:StackExchange:Redis:ConnectionString</c>), which traces every command. The connection string may
    /// name one node, a Redis Cluster's nodes, or Sentinels and the service they watch.
    /// </summary>
    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder, string name)
    {
        builder.AddRedisClient(
            name,
            settings =>
            {
                if (string.IsNullOrWhiteSpace(settings.ConnectionString))
                {
                    throw new InvalidOperationException(
                        $"ConnectionStrings:{name} is not set. Start the system with 'dotnet run --project src/AppHost', " +
                        $"or set ConnectionStrings__{name} to host:port, to a Redis Cluster's nodes (host1:port1,host2:port2,…), " +
                        "or to Redis Sentinels and the service they watch (host1:26379,host2:26379,serviceName=NAME).");
                }

                // Aspire's check (AspNetCore.HealthChecks.Redis) fails on a Redis Cluster, whose CLUSTER INFO
                // StackExchange.Redis refuses outside admin mode, and after a Sentinel failover, because it PINGs
                // every configured node, the dead primary too, while the service serves. RedisHealthCheck replaces it.
                settings.DisableHealthChecks = true;
            },
            // The service starts, reports unhealthy and recovers when Redis comes back, instead of crashing,
            // whatever the connection string says.
            options => options.AbortOnConnectFail = false);
        builder.Services.AddSingleton<RedisMemory>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(name).AddCheck<RedisMemoryHealthCheck>($"{name}-memory");
        return builder;
    }

    /// <summary>
    /// Fills <see cref="StateOptions.ReplicaAcks"/> when unset: 1 where the connection goes through Sentinel (it names a
    /// <c>serviceName</c>), whose deployment is there to survive losing its primary, and a redeem only the lost primary
    /// held would come back; else 0.
    /// </summary>
    public static OptionsBuilder<StateOptions> DefaultReplicaAcksByTopology(this OptionsBuilder<StateOptions> state) =>
        state.PostConfigure<IOptions<ConfigurationOptions>>((options, redis) =>
            options.ReplicaAcks ??= string.IsNullOrEmpty(redis.Value.ServiceName) ? 0 : 1);
}

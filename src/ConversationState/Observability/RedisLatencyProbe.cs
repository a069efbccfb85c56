using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Observability;

/// <summary>
/// PINGs Redis every <see cref="StateOptions.RedisPingInterval"/> so its latency is on the
/// dashboard even when no one is handing off, and an outage shows as failed PINGs rather than silence; reads how full
/// it is at the same pace (<c>handoff.redis.memory.utilization</c>).
/// </summary>
public sealed class RedisLatencyProbe(IConnectionMultiplexer redis, RedisMemory memory, StateMetrics metrics, IOptions<StateOptions> options, ILogger<RedisLatencyProbe> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RedisPingInterval);
        try
        {
            do
            {
                try
                {
                    await metrics.TimeAsync(StateMetrics.Ping, () => redis.GetDatabase().PingAsync());
                    metrics.MemoryRead(await memory.ReadAsync());
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    logger.LogDebug("Redis PING failed: {Reason}", exception.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

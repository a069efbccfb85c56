using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Storage;

/// <summary>
/// Degraded from <see cref="StateOptions.MemoryDegradedRatio"/> of Redis's maxmemory, Unhealthy from
/// <see cref="StateOptions.MemoryUnhealthyRatio"/>: with <c>noeviction</c> a full Redis refuses every mint, so this says
/// so while there is time to add memory or lower the caps.
/// </summary>
internal sealed class RedisMemoryHealthCheck(RedisMemory memory, IOptions<StateOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        MemoryReading reading;
        try
        {
            reading = await memory.ReadAsync();
        }
        catch (RedisException exception)
        {
            return HealthCheckResult.Unhealthy("Redis's memory could not be read", exception);
        }

        if (reading.Ratio is not { } ratio)
        {
            return HealthCheckResult.Healthy($"{reading.UsedBytes} bytes used on {reading.EndPoint}; no maxmemory is set");
        }

        var description = $"{ratio:P0} of maxmemory used on {reading.EndPoint} ({reading.UsedBytes} of {reading.MaxBytes} bytes, policy {reading.Policy})";
        return ratio >= options.Value.MemoryUnhealthyRatio ? HealthCheckResult.Unhealthy(description + ": writes are about to be refused")
            : ratio >= options.Value.MemoryDegradedRatio ? HealthCheckResult.Degraded(description)
            : HealthCheckResult.Healthy(description);
    }
}

using System.Globalization;
using StackExchange.Redis;

namespace Handoff.ConversationState.Storage;

/// <summary>
/// How full the fullest Redis primary is: <c>used_memory</c> over <c>maxmemory</c> from <c>INFO memory</c>. Read through
/// a script, because StackExchange.Redis sends INFO only in admin mode, which this service does not ask for.
/// </summary>
public sealed class RedisMemory(IConnectionMultiplexer redis)
{
    private const string InfoScript = "return redis.call('INFO', 'memory')";

    /// <summary>The fullest primary's reading; <see cref="MemoryReading.Ratio"/> is null where no maxmemory is set.</summary>
    public async Task<MemoryReading> ReadAsync()
    {
        MemoryReading? fullest = null;
        foreach (var server in redis.GetServers().Where(server => server.IsConnected && server.ServerType != ServerType.Sentinel && !server.IsReplica))
        {
            var reading = Parse(server.EndPoint.ToString() ?? "", (string)(await server.ExecuteAsync("EVAL", InfoScript, 0))!);
            if (fullest is null || (reading.Ratio ?? -1) > (fullest.Ratio ?? -1))
            {
                fullest = reading;
            }
        }

        return fullest ?? throw new RedisException("No Redis primary is connected.");
    }

    public static MemoryReading Parse(string endPoint, string info)
    {
        var fields = info.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1]);
        var used = long.Parse(fields["used_memory"], CultureInfo.InvariantCulture);
        var max = long.Parse(fields.GetValueOrDefault("maxmemory", "0"), CultureInfo.InvariantCulture);
        return new MemoryReading(endPoint, used, max, fields.GetValueOrDefault("maxmemory_policy", ""));
    }
}

/// <param name="MaxBytes">0 when the server has no maxmemory (it grows until the machine runs out).</param>
public sealed record MemoryReading(string EndPoint, long UsedBytes, long MaxBytes, string Policy)
{
    public double? Ratio => MaxBytes > 0 ? (double)UsedBytes / MaxBytes : null;
}

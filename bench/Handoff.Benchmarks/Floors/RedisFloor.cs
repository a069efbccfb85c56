using System.Diagnostics;
using Handoff.Benchmarks.Measurement;
using StackExchange.Redis;

namespace Handoff.Benchmarks.Floors;

/// <summary>What Redis itself does on this machine: GETDEL (the atomic read-and-forget a redeem is built on), pipelined and one at a time.</summary>
public static class RedisFloor
{
    public static async Task<RedisFloorResult> MeasureAsync(string connectionString, int operations)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var db = redis.GetDatabase();
        var keys = Enumerable.Range(0, operations).Select(i => (RedisKey)$"bench:floor:{i}").ToArray();
        var value = (RedisValue)new string('x', 512);

        await Task.WhenAll(keys.Select(key => db.StringSetAsync(key, value, TimeSpan.FromMinutes(5))));
        var clock = Stopwatch.StartNew();
        // StackExchange.Redis pipelines every command not yet answered on its one connection.
        await Task.WhenAll(keys.Select(key => db.StringGetDeleteAsync(key)));
        var pipelined = operations / clock.Elapsed.TotalSeconds;

        var sequential = Math.Min(operations, 5_000);
        await Task.WhenAll(keys.Take(sequential).Select(key => db.StringSetAsync(key, value, TimeSpan.FromMinutes(5))));
        var latency = new LatencyHistogram();
        foreach (var key in keys.Take(sequential))
        {
            var start = Stopwatch.GetTimestamp();
            await db.StringGetDeleteAsync(key);
            latency.RecordElapsed(start, Stopwatch.GetTimestamp());
        }

        return new RedisFloorResult(pipelined, latency.Summarise());
    }
}

public sealed record RedisFloorResult(double PipelinedPerSecond, LatencySummary SequentialLatency);

using System.Net;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.TestSupport;
using Handoff.TestSupport.Brokers;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// ConversationState's /health against a Redis of its own, started with a small maxmemory and noeviction, filled
/// step by step: Healthy, Degraded from 80 %, Unhealthy from 95 %, before Redis refuses writes.
/// </summary>
public sealed class RedisMemoryHealthTests : IAsyncLifetime
{
    private const long MaxMemory = 8 * 1024 * 1024;
    private readonly string _directory = TestDirectories.Create("redis-memory");
    private RedisServer? _server;

    public async ValueTask InitializeAsync() =>
        _server = await RedisServer.StartAsync(_directory, LoopbackPorts.Free(),
            ["--maxmemory", MaxMemory.ToString(System.Globalization.CultureInfo.InvariantCulture), "--maxmemory-policy", "noeviction"],
            _ => { }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
    }

    [Fact]
    public async Task Health_turns_degraded_then_unhealthy_as_redis_fills_towards_its_maxmemory()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_server!.ConnectionString);
        await using var factory = StateService.On(_server.ConnectionString);
        using var http = factory.CreateClient();

        var empty = await HealthAsync(http);
        await FillToAsync(redis, 0.85);
        var degraded = await HealthAsync(http);
        await FillToAsync(redis, 0.97);
        var unhealthy = await HealthAsync(http);

        Assert.Equal((HttpStatusCode.OK, "Healthy"), empty);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), degraded);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), unhealthy);
    }

    private static async Task<(HttpStatusCode, string)> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Writes 64 KiB values until used_memory is past <paramref name="ratio"/> of maxmemory.</summary>
    private static async Task FillToAsync(ConnectionMultiplexer redis, double ratio)
    {
        var database = redis.GetDatabase();
        var value = new string('x', 64 * 1024);
        while (Used(await database.ExecuteAsync("MEMORY", "STATS")) < ratio * MaxMemory)
        {
            await database.StringSetAsync($"filler:{Guid.NewGuid()}", value);
        }
    }

    private static long Used(RedisResult stats)
    {
        var pairs = (RedisResult[])stats!;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            if ((string?)pairs[i] == "total.allocated")
            {
                return (long)pairs[i + 1];
            }
        }

        throw new InvalidOperationException("MEMORY STATS has no total.allocated.");
    }
}

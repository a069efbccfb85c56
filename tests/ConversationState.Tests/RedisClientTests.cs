using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Handoff.Contracts.State;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>Redis is reached through Aspire's client: its tracing, its configuration keys, and our health check on every topology.</summary>
public sealed class RedisClientTests(RedisFixture oneRedis, RedisClusterFixture cluster) : IClassFixture<RedisClusterFixture>
{
    private const string AspireRedisActivitySource = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    /// <summary>Off by default for its cost (docs/decisions/0012); one setting turns it on.</summary>
    [Fact]
    public async Task Redis_commands_are_traced_by_Aspires_instrumentation_when_tracing_is_turned_on()
    {
        var commands = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AspireRedisActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = commands.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var factory = StateService.On(oneRedis.ConnectionString, ("Aspire:StackExchange:Redis:DisableTracing", "false"));
        using var http = factory.GatewayClient();

        var stored = await http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]), Cancel);
        var clock = Stopwatch.StartNew();
        // The instrumentation turns StackExchange.Redis's profiling sessions into spans on a timer, not per command.
        while (commands.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, Cancel);
        }

        stored.EnsureSuccessStatusCode();
        Assert.NotEmpty(commands);
        Assert.All(commands, command => Assert.Equal("redis", command.GetTagItem("db.system")));
    }

    [Theory]
    [InlineData("single")]
    [InlineData("cluster")]
    public async Task The_redis_health_check_is_the_only_one_and_healthy_on_one_node_and_on_a_cluster(string topology)
    {
        await using var factory = StateService.On(topology == "cluster" ? cluster.ConnectionString : oneRedis.ConnectionString);

        var report = await CheckHealthAsync(factory);

        Assert.True(report.Entries["redis"].Status == HealthStatus.Healthy, Describe(report));
        Assert.DoesNotContain("StackExchange.Redis", report.Entries.Keys);
    }

    [Fact]
    public async Task Aspires_connection_string_setting_is_read_when_ConnectionStrings_redis_is_absent()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Development")
            .WithCallerKeys()
            .UseSetting("Aspire:StackExchange:Redis:ConnectionString", oneRedis.ConnectionString));

        var report = await CheckHealthAsync(factory);

        Assert.True(report.Entries["redis"].Status == HealthStatus.Healthy, Describe(report));
    }

    [Fact]
    public async Task A_connection_string_that_aborts_on_connect_fail_still_lets_the_service_start_without_redis()
    {
        await using var factory = StateService.On($"127.0.0.1:{LoopbackPorts.Free()},abortConnect=true,connectTimeout=500");

        var redis = factory.Services.GetRequiredService<IConnectionMultiplexer>();
        var report = await CheckHealthAsync(factory);

        Assert.False(redis.IsConnected);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["redis"].Status);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HealthReport> CheckHealthAsync(WebApplicationFactory<Program> factory) =>
        factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancel);

    private static string Describe(HealthReport report) =>
        string.Join("; ", report.Entries.Select(entry => $"{entry.Key}: {entry.Value.Status} {entry.Value.Description} {entry.Value.Exception?.Message}"));
}

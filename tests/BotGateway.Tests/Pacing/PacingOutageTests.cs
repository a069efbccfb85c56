using Handoff.AppHost.Brokers.Provisioning;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Localization;
using Handoff.TestSupport;
using Handoff.TestSupport.Brokers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>
/// Redis stopping and coming back under a gateway that paces through it: a redis-server of this test's own (the
/// assembly's shared one must not stop), so it needs Debian's redis-server whatever the provisioning path.
/// </summary>
public sealed class PacingOutageTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_Redis_stops_sends_are_paced_alone_and_none_fails_and_when_it_is_back_they_are_shared_again()
    {
        var port = LoopbackPorts.Free();
        var data = Path.Combine(Path.GetTempPath(), $"handoff-pacing-outage-{Guid.NewGuid():N}");
        var redis = await RedisServer.StartAsync(data, port, _ => { }, Cancellation);
        await using var connector = await RecordingConnector.StartAsync();
        await using var replica = GatewayReplica.Create($"127.0.0.1:{port}", new Dictionary<string, string?> { ["Connector:ReplicaCount"] = "2" });
        using var local = new MetricCollector<long>(replica.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Handoff", "handoff.connector.rate_limit.local");
        var tenant = $"tenant-{Guid.NewGuid()}";
        try
        {
            await SendAsync(replica, connector, tenant, "before", 10);
            Assert.Empty(local.GetMeasurementSnapshot());

            await redis.StopAsync();
            await redis.DisposeAsync();
            await SendAsync(replica, connector, tenant, "during", 30);
            var pacedAlone = local.GetMeasurementSnapshot().Sum(measurement => measurement.Value);

            redis = await RedisServer.StartAsync(data, port, _ => { }, Cancellation);
            var multiplexer = replica.Services.GetRequiredService<IConnectionMultiplexer>();
            for (var waited = 0; !multiplexer.IsConnected && waited < 300; waited++)
            {
                await Task.Delay(100, Cancellation);
            }

            await SendAsync(replica, connector, tenant, "after", 10);

            Assert.Equal(50, connector.All.Count(arrival => arrival.TenantId == tenant));
            Assert.InRange(pacedAlone, 30, 40);
            Assert.Equal(pacedAlone, local.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
            var logs = replica.Logs.GetSnapshot();
            Assert.Contains(logs, log => log.Level == LogLevel.Warning && log.Message.Contains("cannot reach Redis", StringComparison.Ordinal));
            Assert.Contains(logs, log => log.Level == LogLevel.Information && log.Message.Contains("shared through Redis again", StringComparison.Ordinal));
        }
        finally
        {
            await redis.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static Task<string?[]> SendAsync(GatewayReplica replica, RecordingConnector connector, string tenant, string phase, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => replica.Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, tenant, $"a:{phase}-{i}"), OutgoingActivity.Message(phase, ReplyLanguage.English), Cancellation)));
}

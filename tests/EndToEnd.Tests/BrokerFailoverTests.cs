using System.Diagnostics;
using Handoff.TestSupport.AppHost;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// The whole system on clustered brokers (`--replicas 2 --rabbitmq-nodes 3 --redis-replicas 2`), under a steady
/// stream of handoffs: kill -9 the RabbitMQ node the services connect to first, then the Redis primary. Every
/// acknowledged click still gets exactly one outcome, every query and click is answered inside Teams' 15 s, and
/// handoffs flow again once the brokers have failed over.
/// </summary>
[Collection(TestStreams.UnderLoad)]
public sealed class BrokerFailoverTests
{
    [Fact]
    public async Task Killing_a_rabbitmq_node_and_the_redis_primary_under_load_loses_no_acknowledged_click_and_doubles_none()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AspireAppHost.StartAsync(cancellation, "--replicas", "2", "--rabbitmq-nodes", "3", "--redis-replicas", "2");
        var report = new List<string>
        {
            $"AppHost with --replicas 2 --rabbitmq-nodes 3 --redis-replicas 2 ready in {host.StartupTime.TotalSeconds:F1} s; " +
            $"rabbitmq {await host.ConnectionStringAsync("rabbitmq")}, redis {await host.ConnectionStringAsync("redis")}",
        };

        await using var load = HandoffLoad.Start(host.MessagesEndpoint, connector.ServiceUrl, "tenant-broker-failover");
        // The first node the services connect to, and the primary the sentinels named at start.
        foreach (var broker in new[] { "rabbitmq-1", "redis-0" })
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellation);
            var refusedBefore = load.Refused;
            var killedAt = DateTimeOffset.UtcNow;
            var kill = host.Kill(broker);
            var flowing = await WaitForAcknowledgementsAsync(load, killedAt, TimeSpan.FromSeconds(60), cancellation);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellation);
            report.Add($"{broker}: pid {kill.Pid} killed at {killedAt:HH:mm:ss.fff}; " +
                (flowing is { } after ? $"a click was acknowledged {after.TotalSeconds:F1} s later" : "no click acknowledged within 60 s") +
                $"; {load.AcknowledgedSince(killedAt)} acked and {load.Refused - refusedBefore} refused in the {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:F0} s after");
        }

        await load.StopAsync();
        var audit = await DeliveryAudit.RunAsync(connector, load, [], cancellation);
        report.Add(audit.Summary);
        report.AddRange(audit.Details);
        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, report));
        await TestReports.WriteAsync("broker-failover-report.txt", [.. report, "", "AppHost output:", host.Output]);

        var summary = string.Join(Environment.NewLine, report);
        Assert.True(audit.Acknowledged > 30, summary);
        Assert.True(audit.Lost.Count == 0, $"lost: {string.Join(", ", audit.Lost.Take(5))}{Environment.NewLine}{summary}");
        Assert.True(audit.Doubled.Count == 0, $"doubled: {string.Join(", ", audit.Doubled.Take(5))}{Environment.NewLine}{summary}");
        // Teams shows the user an error after 15 s: a failover may refuse a click, never leave it hanging.
        Assert.True(load.Slow.IsEmpty, $"answered after Teams' 15 s: {string.Join(", ", load.Slow.Take(5))}{Environment.NewLine}{summary}");
    }

    /// <summary>How long after <paramref name="since"/> the first click was acknowledged (null if none within the timeout).</summary>
    private static async Task<TimeSpan?> WaitForAcknowledgementsAsync(HandoffLoad load, DateTimeOffset since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var first = load.Acknowledged.Values.Where(at => at > since + TimeSpan.FromMilliseconds(500)).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (first != DateTimeOffset.MaxValue)
            {
                return first - since;
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }
}

using System.Diagnostics;
using Handoff.TestSupport.AppHost;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// Two replicas of every service behind the proxy, under a steady stream of handoffs: kill -9 one replica of
/// each in turn. The other replica carries on (clicks keep being acknowledged while the dead one is down),
/// and every acknowledged click gets exactly one outcome.
/// </summary>
[Collection(TestStreams.UnderLoad)]
public sealed class ReplicaFailoverTests
{
    private static readonly string[] Victims = ["botgateway-0", "handoffservice-0", "conversationstate-0"];

    [Fact]
    public async Task Killing_one_replica_of_each_service_under_load_keeps_handoffs_flowing_exactly_once()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AspireAppHost.StartAsync(cancellation, "--replicas", "2");
        var report = new List<string>
        {
            $"AppHost with --replicas 2 ready in {host.StartupTime.TotalSeconds:F1} s: {string.Join(", ", Victims.Select(victim => $"{victim} = {host.Instances(victim[..^2])[0]}"))}",
        };
        Assert.All(["botgateway", "handoffservice", "conversationstate"], name => Assert.Equal(2, host.Instances(name).Count));

        await using var load = HandoffLoad.Start(host.MessagesEndpoint, connector.ServiceUrl, "tenant-replicas");
        var gatewayKills = new List<DateTimeOffset>();
        var ackedWhileDown = new Dictionary<string, int>();
        foreach (var victim in Victims)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
            var refusedBefore = load.Refused;
            var killedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            if (victim.StartsWith("botgateway", StringComparison.Ordinal))
            {
                gatewayKills.Add(killedAt);
            }

            var restart = await host.WaitForRestartAsync(host.Kill(victim), TimeSpan.FromSeconds(90), cancellation);
            ackedWhileDown[victim] = load.AcknowledgedSince(killedAt);
            report.Add($"{victim}: killed at {killedAt:HH:mm:ss.fff}, back as pid {restart.Pid} {restart.RecoveryTime.TotalSeconds:F1} s later " +
                $"({clock.Elapsed.TotalSeconds:F1} s seen by the test); while it was down the other replica acked {ackedWhileDown[victim]} clicks, " +
                $"{load.Refused - refusedBefore} queries or clicks were refused");
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        await load.StopAsync();
        var audit = await DeliveryAudit.RunAsync(connector, load, gatewayKills, cancellation);
        report.Add(audit.Summary);
        report.AddRange(audit.Details);
        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, report));
        await TestReports.WriteAsync("replica-failover-report.txt", [.. report, "", "AppHost output:", host.Output]);

        var summary = string.Join(Environment.NewLine, report);
        Assert.True(audit.Acknowledged > 50, summary);
        Assert.All(Victims, victim => Assert.True(ackedWhileDown[victim] > 0, $"Nothing was acknowledged while {victim} was down.{Environment.NewLine}{summary}"));
        Assert.True(audit.Lost.Count == 0, $"lost: {string.Join(", ", audit.Lost.Take(5))}{Environment.NewLine}{summary}");
        Assert.True(audit.Doubled.Count == 0, $"doubled: {string.Join(", ", audit.Doubled.Take(5))}{Environment.NewLine}{summary}");
    }
}

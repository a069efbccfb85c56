using System.Diagnostics;
using Handoff.TestSupport.AppHost;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// kill -9 of each service and broker in turn under a steady stream of handoffs, on a system of the test's
/// own. The AppHost restarts what crashed; every click Teams saw acknowledged gets exactly one outcome.
/// </summary>
[Collection(TestStreams.UnderLoad)]
public sealed class CrashRecoveryTests
{
    private static readonly string[] Faults = ["handoffservice", "botgateway", "conversationstate", "redis", "rabbitmq"];

    [Fact]
    public async Task Killing_each_service_and_broker_in_turn_under_load_loses_no_acknowledged_click_and_doubles_none()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AspireAppHost.StartAsync(cancellation);
        var faultTimes = new Dictionary<string, DateTimeOffset>();
        await using var load = HandoffLoad.Start(host.MessagesEndpoint, connector.ServiceUrl, "tenant-crashes");

        var report = new List<string>();
        foreach (var resource in Faults)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
            var ackedBefore = load.Acknowledged.Count;
            var clock = Stopwatch.StartNew();
            faultTimes[resource] = DateTimeOffset.UtcNow;
            var restart = await host.WaitForRestartAsync(host.Kill(resource), TimeSpan.FromSeconds(90), cancellation);
            report.Add($"{resource}: restarted as pid {restart.Pid}, ready {restart.RecoveryTime.TotalSeconds:F1} s after the crash ({clock.Elapsed.TotalSeconds:F1} s seen by the test); clicks acked meanwhile {load.Acknowledged.Count - ackedBefore}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        await load.StopAsync();
        var audit = await DeliveryAudit.RunAsync(connector, load, [faultTimes["botgateway"]], cancellation);
        report.Add(audit.Summary);
        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, report));

        report.AddRange(faultTimes.Select(pair => $"{pair.Key} killed at {pair.Value:HH:mm:ss.fff}"));
        report.AddRange(audit.Details);
        await TestReports.WriteAsync("fault-report.txt", [.. report, "", "AppHost output:", host.Output]);
        Assert.True(audit.Acknowledged > 50, string.Join(Environment.NewLine, report));
        Assert.True(audit.Lost.Count == 0, $"{string.Join(Environment.NewLine, report)}{Environment.NewLine}lost: {string.Join(", ", audit.Lost.Take(5))}");
        Assert.True(audit.Doubled.Count == 0, $"{string.Join(Environment.NewLine, report)}{Environment.NewLine}doubled: {string.Join(", ", audit.Doubled.Take(5))}");
    }
}

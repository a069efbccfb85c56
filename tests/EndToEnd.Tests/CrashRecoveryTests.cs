using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Handoff.Hosting.Processes;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// kill -9 of each service and broker in turn under a steady stream of handoffs, on a system of the test's
/// own. The AppHost restarts what crashed; every click Teams saw acknowledged gets exactly one outcome.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static readonly string[] Faults = ["handoffservice", "botgateway", "conversationstate", "redis", "rabbitmq"];

    [Fact]
    public async Task Killing_each_service_and_broker_in_turn_under_load_loses_no_acknowledged_click_and_doubles_none()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AppHostProcess.StartAsync(cancellation);
        var acknowledged = new ConcurrentBag<string>();
        var ackedAt = new ConcurrentDictionary<string, DateTimeOffset>();
        var faultTimes = new Dictionary<string, DateTimeOffset>();
        var refused = 0;
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                var user = new TeamsChannel(host.MessagesEndpoint, connector.ServiceUrl, "tenant-crashes");
                try
                {
                    var query = await user.CopilotQueryAsync("write my weekly status update");
                    if (query.StatusCode == HttpStatusCode.OK)
                    {
                        var cards = await TeamsChannel.CardsAsync(query);
                        var click = await user.ClickAsync(cards[0].Token);
                        if (click.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add(user.ConversationId);
                            ackedAt[user.ConversationId] = DateTimeOffset.UtcNow;
                        }
                        else
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // The gateway is down: Teams would show the user an error, nothing was acknowledged.
                    Interlocked.Increment(ref refused);
                }
                catch (TaskCanceledException) when (!stopLoad.IsCancellationRequested)
                {
                    Interlocked.Increment(ref refused);
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None)).ToList();

        var report = new List<string>();
        foreach (var resource in Faults)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
            var ackedBefore = acknowledged.Count;
            var clock = Stopwatch.StartNew();
            faultTimes[resource] = DateTimeOffset.UtcNow;
            PosixSignals.SignalGroup(host.ResourcePids[resource], PosixSignals.SigKill);
            var restart = await host.WaitForRestartAsync(resource, after: 0, TimeSpan.FromSeconds(90), cancellation);
            report.Add($"{resource}: restarted as pid {restart.Pid}, ready {restart.RecoveryTime.TotalSeconds:F1} s after the crash ({clock.Elapsed.TotalSeconds:F1} s seen by the test); clicks acked meanwhile {acknowledged.Count - ackedBefore}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        var outcomes = await WaitForOutcomesAsync(connector, acknowledged.ToList(), TimeSpan.FromSeconds(90), cancellation);
        var lost = outcomes.Where(pair => pair.Value == 0).Select(pair => pair.Key).ToList();
        var doubledAll = outcomes.Where(pair => pair.Value > 1).Select(pair => pair.Key).ToList();

        // The Bot Connector takes no idempotency key: a message it accepted just before the gateway was killed,
        // and that the gateway had not yet marked sent, is sent again by the redelivery. No design avoids that
        // window; it is reported apart, and any other duplicate fails the test.
        var gatewayKilledAt = faultTimes["botgateway"];
        var inFlightAtGatewayCrash = doubledAll.Where(conversation =>
            connector.In(conversation).Where(IsOutcome).First().ReceivedAt is var firstCopy
            // A request already on the wire reaches the connector a moment after the sender died.
            && firstCopy <= gatewayKilledAt + TimeSpan.FromSeconds(1) && firstCopy >= gatewayKilledAt - TimeSpan.FromSeconds(5)).ToList();
        var doubled = doubledAll.Except(inFlightAtGatewayCrash).ToList();
        report.Add($"clicks acked {acknowledged.Count}, not acked {refused}, outcomes delivered {outcomes.Values.Count(count => count == 1)}, lost {lost.Count}, " +
            $"doubled {doubled.Count} (plus {inFlightAtGatewayCrash.Count} sent twice because the connector had accepted them as the gateway was killed)");
        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, report));

        Assert.True(acknowledged.Count > 50, string.Join(Environment.NewLine, report));
        report.AddRange(faultTimes.Select(pair => $"{pair.Key} killed at {pair.Value:HH:mm:ss.fff}"));
        report.AddRange(lost.Concat(doubledAll).Take(10).Select(conversation => $"{conversation} acked at {ackedAt[conversation]:HH:mm:ss.fff}: " +
            string.Join(" | ", connector.In(conversation).Select(activity => $"{activity.ReceivedAt:HH:mm:ss.fff} {activity.Type}:{activity.Text?[..Math.Min(40, activity.Text.Length)]}"))));
        var reportFile = Path.Combine(RepositoryRoot.Path, "artifacts", "fault-report.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(reportFile)!);
        await File.WriteAllLinesAsync(reportFile, [.. report, "", "AppHost output:", host.Output], CancellationToken.None);
        Assert.True(lost.Count == 0, $"{string.Join(Environment.NewLine, report)}{Environment.NewLine}lost: {string.Join(", ", lost.Take(5))}");
        Assert.True(doubled.Count == 0, $"{string.Join(Environment.NewLine, report)}{Environment.NewLine}doubled: {string.Join(", ", doubled.Take(5))}");
    }

    /// <summary>Per acknowledged conversation, how many outcomes (a welcome or a refusal; not the delay notice) it got.</summary>
    private static async Task<Dictionary<string, int>> WaitForOutcomesAsync(RecordingConnector connector, List<string> conversations, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var outcomes = conversations.ToDictionary(conversation => conversation, conversation => connector.In(conversation).Count(IsOutcome));
            if (outcomes.Values.All(count => count > 0) || clock.Elapsed > timeout)
            {
                // Give late duplicates a moment to show themselves.
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                return conversations.ToDictionary(conversation => conversation, conversation => connector.In(conversation).Count(IsOutcome));
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static bool IsOutcome(RecordedActivity activity) =>
        activity.Type == "message"
        && activity.Text is { } text
        && (text.StartsWith("Continuing from Copilot", StringComparison.Ordinal)
            || (!text.Contains("a service is slow right now", StringComparison.Ordinal)
                && !text.Contains(" of 4:", StringComparison.Ordinal)
                && !text.StartsWith("Your earlier task", StringComparison.Ordinal)
                && !text.Contains("helpful", StringComparison.OrdinalIgnoreCase)));
}

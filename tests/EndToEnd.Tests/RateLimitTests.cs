using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;

namespace Handoff.EndToEnd.Tests;

/// <summary>Inbound limits per user answered the Teams way, and outbound pacing that drops nothing under 429s.</summary>
[Collection(TestStreams.UnderLoad)]
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_user_over_the_limit_is_told_in_search_and_in_chat_and_the_link_still_works_afterwards()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        // 6 a minute: a burst of 1, then one every 10 s, so nothing refills between the next few requests.
        await using var host = await AspireAppHost.StartAsync(new Dictionary<string, string> { ["RateLimits__UserActivitiesPerMinute"] = "6" }, dashboard: false, cancellation);
        var user = new TeamsChannel(host.MessagesEndpoint, connector.ServiceUrl, "tenant-limits");
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan a team offsite"));

        var overQuery = await user.CopilotQueryAsync("plan a team offsite");
        var overClick = await user.ClickAsync(cards[0].Token);
        var notice = (await connector.WaitForMessagesAsync(user.ConversationId, 1))[0];

        Assert.Equal(HttpStatusCode.OK, overQuery.StatusCode);
        var answer = JsonNode.Parse(await overQuery.Content.ReadAsStringAsync(cancellation))!;
        Assert.Equal("message", (string?)answer["composeExtension"]!["type"]);
        Assert.Contains("searching faster than I can keep up", (string?)answer["composeExtension"]!["text"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, overClick.StatusCode);
        Assert.Contains("open the same link again: it still works", notice.Text, StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromSeconds(11), cancellation);
        var click = await user.ClickAsync(cards[0].Token);
        var messages = await connector.WaitForMessagesAsync(user.ConversationId, 2);
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Equal("Continuing from Copilot: plan a team offsite", messages[1].Text);
    }

    [Fact]
    public async Task A_burst_of_a_thousand_welcomes_to_one_tenant_through_a_connector_answering_429_at_random_drops_none()
    {
        const int handoffs = 1000;
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync(throttleRate: 0.2);
        await using var host = await AspireAppHost.StartAsync(new Dictionary<string, string> { ["Connector__SendsPerSecondPerTenant"] = "300" }, dashboard: false, cancellation);
        var users = Enumerable.Range(0, handoffs).Select(_ => new TeamsChannel(host.MessagesEndpoint, connector.ServiceUrl, "tenant-burst")).ToList();
        var tokens = new string[handoffs];
        await Parallel.ForEachAsync(Enumerable.Range(0, handoffs), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation }, async (index, _) =>
            tokens[index] = (await TeamsChannel.CardsAsync(await users[index].CopilotQueryAsync("write my weekly status update")))[0].Token);

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, handoffs), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (index, _) =>
            Assert.Equal(HttpStatusCode.OK, (await users[index].ClickAsync(tokens[index])).StatusCode));
        var acked = clock.Elapsed;

        var deadline = Stopwatch.StartNew();
        while (users.Any(user => WelcomeMessages(connector, user) < 1) && deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(250, cancellation);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var counts = users.Select(user => WelcomeMessages(connector, user)).ToList();
        var report = $"{handoffs} clicks acked in {acked.TotalSeconds:F1} s; welcomes complete for {counts.Count(count => count == 1)} after {clock.Elapsed.TotalSeconds:F1} s; " +
            $"the connector answered 429 {connector.Throttled} times";
        TestContext.Current.SendDiagnosticMessage(report);
        await TestReports.WriteAsync("burst-report.txt", report);
        Assert.Equal(handoffs, counts.Count(count => count == 1));
    }

    /// <summary>The welcome, "Continuing from Copilot" with the first step on its card; it must arrive exactly once.</summary>
    private static int WelcomeMessages(RecordingConnector connector, TeamsChannel user) =>
        connector.In(user.ConversationId).Count(activity => activity.Type == "message"
            && activity.Text?.StartsWith("Continuing from Copilot", StringComparison.Ordinal) == true && activity.CardText.Contains(" of 4:", StringComparison.Ordinal));
}

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.EndToEnd.Tests;

/// <summary>The SRE's view after a real handoff, read in headless Chromium from the dashboard the AppHost serves.</summary>
public sealed class DashboardTests(HandoffSystemFixture system)
{
    [Fact]
    public async Task After_a_handoff_the_dashboard_shows_five_healthy_resources_the_trace_across_three_services_and_the_funnel()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var login = system.AppHost.DashboardLoginLink ?? throw new InvalidOperationException("The AppHost printed no Dashboard: line.\n" + system.AppHost.Output);
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("prepare the quarterly review"));
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await user.ClickAsync(cards[0].Token, traceParent: $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 2);

        await TeamsTools.EnsureInstalledAsync(cancellation);
        await DebianPackage.EnsureInstalledAsync("/usr/bin/chromium", "chromium", _ => { }, cancellation);
        var screenshots = Path.Combine(RepositoryRoot.Path, "artifacts", "test-screenshots");
        Directory.CreateDirectory(screenshots);
        var (exitCode, output) = await TeamsTools.RunAsync("node", ["dashboard-browser.js", login.AbsoluteUri, traceId, screenshots],
            TeamsTools.Directory, TimeSpan.FromMinutes(4), cancellation);
        Assert.True(exitCode == 0, output);
        TestContext.Current.SendDiagnosticMessage(output);
        var seen = JsonNode.Parse(output.Trim().Split('\n')[^1])!;

        var resources = seen["resources"]!.AsArray().Select(row => ((string)row!["name"]!, (string)row["state"]!, (string)row["health"]!)).ToList();
        Assert.Equal(
            ["botgateway", "conversationstate", "gateway-proxy", "handoffservice", "rabbitmq", "redis"],
            resources.Select(row => row.Item1).Order(StringComparer.Ordinal));
        Assert.All(resources, row => Assert.Equal(("Running", "Healthy"), (row.Item2, row.Item3)));
        var traceResources = seen["traceResources"]!.AsArray().Select(name => (string)name!).ToList();
        Assert.Contains("botgateway", traceResources);
        Assert.Contains("handoffservice", traceResources);
        Assert.Contains("conversationstate", traceResources);
        Assert.True((double)seen["funnel"]!["Welcomed"]! >= 1, output);
        Assert.True((double)seen["funnel"]!["Clicks"]! >= 1, output);
        Assert.True((double)seen["funnel"]!["Tokens minted"]! >= 1, output);
        Assert.True((double)seen["funnel"]!["Redeemed"]! >= 1, output);
        Assert.True((int)seen["logs"]! > 0, output);
        Assert.True((int)seen["consoleLines"]! > 0, output);
        Assert.Empty(seen["errors"]!.AsArray());
    }
}

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Funnel;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.EndToEnd.Tests;

/// <summary>The SRE's view after a real handoff: the real Aspire dashboard in headless Chromium, and the funnel command beside it.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class DashboardTests(HandoffSystemFixture system)
{
    private static readonly string[] Resources = ["botgateway", "conversationstate", "handoffservice", "rabbitmq", "redis"];
    private static readonly string[] SpanResources = ["botgateway", "handoffservice", "conversationstate"];

    [Fact]
    public async Task After_a_handoff_the_aspire_dashboard_shows_five_running_resources_and_the_trace_across_three_services_and_the_funnel_command_counts_it()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var login = system.AppHost.DashboardLoginLink ?? throw new InvalidOperationException("The AppHost logged no dashboard login link.\n" + system.AppHost.Output);
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("prepare the quarterly review"));
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await user.ClickAsync(cards[0].Token, traceParent: $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);

        await TeamsTools.EnsureInstalledAsync(cancellation);
        await DebianPackage.EnsureInstalledAsync("/usr/bin/chromium", "chromium", _ => { }, cancellation);
        var screenshots = Path.Combine(RepositoryRoot.Path, "artifacts", "test-screenshots");
        Directory.CreateDirectory(screenshots);
        var (exitCode, output) = await TeamsTools.RunAsync("node",
            ["dashboard-browser.js", login.AbsoluteUri, traceId, screenshots, string.Join(',', Resources), string.Join(',', SpanResources)],
            TeamsTools.Directory, TimeSpan.FromMinutes(4), cancellation);
        Assert.True(exitCode == 0, output);
        TestContext.Current.SendDiagnosticMessage(output);
        var seen = JsonNode.Parse(output.Trim().Split('\n')[^1])!;

        Assert.True(Resources.SequenceEqual(seen["resources"]!.AsArray().Select(name => (string)name!)), output);
        Assert.True((int)seen["running"]! >= Resources.Length, output);
        Assert.Equal(SpanResources, seen["traceResources"]!.AsArray().Select(name => (string)name!));
        Assert.Empty(seen["errors"]!.AsArray());
        Assert.All(Resources, name => Assert.Equal(KnownResourceStates.Running, system.AppHost.Snapshot(name).State?.Text));

        var commands = system.AppHost.App.Services.GetRequiredService<ResourceCommandService>();
        var funnel = await commands.ExecuteCommandAsync("botgateway", HandoffFunnelCommand.Name, cancellation);
        Assert.True(funnel.Success, funnel.Message);
        var markdown = funnel.Data?.Value ?? "";
        TestContext.Current.SendDiagnosticMessage(markdown);
        Assert.Contains("Clicks", markdown, StringComparison.Ordinal);
        Assert.Contains("Welcomed", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Partial: not scraped", markdown, StringComparison.Ordinal);
    }
}

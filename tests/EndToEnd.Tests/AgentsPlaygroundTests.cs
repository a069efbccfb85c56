using System.Text.Json.Nodes;
using Handoff.Contracts.Teams;
using Handoff.TestSupport;
using Handoff.TestSupport.Brokers;

namespace Handoff.EndToEnd.Tests;

/// <summary>Microsoft's own Teams stand-in, the Agents Playground, talking to the running system.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class AgentsPlaygroundTests(HandoffSystemFixture system)
{
    [Fact]
    public async Task Through_the_playground_a_message_a_search_and_a_handoff_reach_the_welcome()
    {
        await using var playground = await AgentsPlayground.StartAsync(system.AppHost.MessagesEndpoint, TestContext.Current.CancellationToken);

        await playground.SendMessageAsync("hello");
        var greeting = await playground.WaitForBotTextAsync(text => text.Contains("Microsoft 365 Copilot", StringComparison.Ordinal));

        // The playground's search is the compose box's: results to pick, no link minted for any (ADR 0018).
        var typed = await playground.SearchAsync(HandoffCommands.SearchCommandId, "write my weekly status update");
        Assert.All(typed["composeExtension"]!["attachments"]!.AsArray(), card => Assert.Null(card!["content"]!["actions"]));
        var result = await playground.CopilotSearchAsync(system.AppHost.MessagesEndpoint, HandoffCommands.SearchCommandId, "write my weekly status update");
        var firstCard = result["composeExtension"]!["attachments"]![0]!["content"]!;
        Assert.Equal("Continue 'write my weekly status update' in chat", (string?)firstCard["body"]![0]!["text"]);
        var link = new Uri((string)firstCard["actions"]![0]!["url"]!);
        var continuation = System.Web.HttpUtility.ParseQueryString(link.Query)["continuation"]!;

        await playground.SendCustomActivityAsync(activity =>
        {
            activity["type"] = "invoke";
            activity["name"] = "handoff/action";
            activity["value"] = new JsonObject { ["continuation"] = continuation };
        });
        var welcome = await playground.WaitForBotTextAsync(text => text.StartsWith("Continuing from Copilot:", StringComparison.Ordinal));
        var step = await playground.WaitForBotTextAsync(text => text.Contains("step 1 of 4", StringComparison.Ordinal));

        await playground.SendMessageAsync("next");
        var next = await playground.WaitForBotTextAsync(text => text.Contains("step 2 of 4", StringComparison.Ordinal));

        // Once through the real web page, as a person would: the chat shows the task where it stands.
        var screenshot = Path.Combine(RepositoryRoot.Path, "artifacts", "test-screenshots", "agents-playground-chat.png");
        var browser = await playground.TypeInBrowserAsync("status", "step 2 of 4", screenshot, TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage($"playground saw: {greeting} | {welcome} | {step} | {next} | browser: {browser}");
        Assert.True(File.Exists(screenshot));
        Assert.Equal("Continuing from Copilot: write my weekly status update", welcome);
        Assert.DoesNotContain(playground.BotAnswers(), answer => answer.Status >= 400);
    }
}

using System.Diagnostics;
using System.Net;
using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// The system started by the real AppHost with <c>ConnectionStrings:chat</c> set, on an OpenAI-compatible stand-in on
/// loopback: a user handed off from Copilot is answered by the model, in context, streamed into their personal chat.
/// </summary>
[Collection(TestStreams.Behaviour)]
public sealed class ChatModelTests
{
    private const string FirstAnswer = "Start by listing what you finished this week.";
    private const string SecondAnswer = "Then note anything that is blocked.";

    [Fact]
    public async Task A_user_handed_off_from_Copilot_is_answered_by_the_model_with_the_context_and_the_history_of_both_sides()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        await using var model = await ChatModelStandIn.StartAsync(call => call == 1 ? FirstAnswer : SecondAnswer);
        // The AppHost's own configuration, as ConnectionStrings__chat in its environment would be: it passes it on to the gateway.
        await using var host = await AspireAppHost.StartAsync(new Dictionary<string, string>(), dashboard: false, cancellation,
            $"--ConnectionStrings:chat={model.ConnectionString}");
        var user = new TeamsChannel(host.MessagesEndpoint, connector.ServiceUrl, "tenant-chat");
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("write my weekly status update"));
        await user.ClickAsync(cards[0].Token);
        await connector.WaitForMessagesAsync(user.ConversationId, 1);

        // Slow: three seconds to its first word, then a word every 400 ms.
        model.FirstTokenDelay = TimeSpan.FromSeconds(3);
        model.PieceGap = TimeSpan.FromMilliseconds(400);
        var clock = Stopwatch.StartNew();
        var turn = await user.SayAsync("what should I write first?");
        var acknowledged = clock.Elapsed;
        var first = (await connector.WaitForMessagesAsync(user.ConversationId, 2, TimeSpan.FromSeconds(40)))[1];
        var answered = clock.Elapsed;
        TestContext.Current.SendDiagnosticMessage($"turn ack {acknowledged.TotalMilliseconds:F0} ms, answer {answered.TotalMilliseconds:F0} ms");

        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        Assert.True(acknowledged < TimeSpan.FromSeconds(2), $"acknowledged after {acknowledged.TotalMilliseconds:F0} ms");
        Assert.True(answered > TimeSpan.FromSeconds(3), $"answered after {answered.TotalMilliseconds:F0} ms");
        Assert.Equal(FirstAnswer, first.Text);
        var updates = connector.In(user.ConversationId).Where(activity => activity.Type == "typing"
            && activity.Activity["entities"]?.AsArray().Any(entity => (string?)entity!["type"] == "streaminfo") == true).ToList();
        Assert.Equal("informative", (string?)updates[0].Activity["entities"]![0]!["streamType"]);
        Assert.Contains(updates, update => (string?)update.Activity["entities"]![0]!["streamType"] == "streaming" && FirstAnswer.StartsWith(update.Text!, StringComparison.Ordinal));
        Assert.Contains(first.Activity["entities"]!.AsArray(), entity => (string?)entity!["type"] == "streaminfo" && (string?)entity["streamType"] == "final");
        Assert.Contains(first.Activity["entities"]!.AsArray(), entity => (string?)entity!["additionalType"]?[0] == "AIGeneratedContent");

        var context = model.Requests[0];
        Assert.True(context["stream"]!.GetValue<bool>());
        Assert.Equal(ChatModelStandIn.Model, (string?)context["model"]);
        var (role, instructions) = ChatModelStandIn.Messages(context)[0];
        Assert.Equal("system", role);
        Assert.Contains("The user's request in Copilot: write my weekly status update", instructions, StringComparison.Ordinal);
        Assert.Contains("The user is on step 1 of 4", instructions, StringComparison.Ordinal);
        Assert.Equal(("user", "what should I write first?"), ChatModelStandIn.Messages(context)[^1]);

        model.FirstTokenDelay = TimeSpan.Zero;
        model.PieceGap = TimeSpan.Zero;
        await user.SayAsync("and then?");
        var second = (await connector.WaitForMessagesAsync(user.ConversationId, 3, TimeSpan.FromSeconds(40)))[2];

        Assert.Equal(SecondAnswer, second.Text);
        Assert.Equal([("user", "what should I write first?"), ("assistant", FirstAnswer), ("user", "and then?")],
            ChatModelStandIn.Messages(model.Requests[1]).Skip(1));
    }
}

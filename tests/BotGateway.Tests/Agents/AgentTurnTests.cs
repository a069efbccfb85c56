using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Handoff.BotGateway.Agents;
using Handoff.BotGateway.Conversations;
using Handoff.BotGateway.Localization;
using Handoff.BotGateway.Tests.Copilot;
using Handoff.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.BotGateway.Tests.Agents;

/// <summary>
/// Conversation turns through the whole gateway over HTTP, with real Redis, RabbitMQ and ConversationState, a recording
/// Bot Connector, and a scripted chat model in place of the one <c>ConnectionStrings:chat</c> names.
/// </summary>
public sealed class AgentTurnTests(RedisFixture redis, RabbitMqFixture rabbitMq)
{
    private const string Chat = "Endpoint=http://127.0.0.1:9/v1;Key=unused;Model=stand-in";

    [Fact]
    public async Task A_generated_answer_streams_into_a_personal_chat_and_ends_labelled_with_feedback_buttons()
    {
        var model = new FakeChatClient(new FakeChatClient.Answer(TimeSpan.FromMilliseconds(700), "Start ", "with what ", "you finished ", "this week."));
        await using var gateway = await GatewayAsync(model);
        var message = Message(gateway, "help me start");

        Assert.Equal(HttpStatusCode.OK, (await gateway.PostAsync(message)).StatusCode);

        var conversation = ConversationOf(message);
        var final = Assert.Single(await gateway.Connector.WaitForMessagesAsync(conversation, 1));
        var updates = gateway.Connector.In(conversation).Where(activity => activity.Type == "typing").ToList();
        var informative = updates[0];
        Assert.Equal("informative", StreamInfo(informative)["streamType"]!.GetValue<string>());
        Assert.Equal(1, StreamInfo(informative)["streamSequence"]!.GetValue<int>());
        var streaming = updates.Skip(1).ToList();
        Assert.NotEmpty(streaming);
        Assert.All(streaming, update => Assert.Equal("streaming", StreamInfo(update)["streamType"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(2, streaming.Count), streaming.Select(update => StreamInfo(update)["streamSequence"]!.GetValue<int>()));
        Assert.All(streaming, update => Assert.StartsWith("Start ", update.Text, StringComparison.Ordinal));
        Assert.True(streaming.Zip(streaming.Skip(1), (earlier, later) => (later.At - earlier.At) >= TimeSpan.FromMilliseconds(900)).All(spaced => spaced),
            "at most one streaming update a second");
        var streamId = StreamInfo(streaming[0])["streamId"]!.GetValue<string>();
        Assert.All(streaming, update => Assert.Equal(streamId, StreamInfo(update)["streamId"]!.GetValue<string>()));

        Assert.Equal("Start with what you finished this week.", final.Text);
        Assert.Equal("final", StreamInfo(final)["streamType"]!.GetValue<string>());
        Assert.Equal(streamId, StreamInfo(final)["streamId"]!.GetValue<string>());
        var label = Assert.Single(final.Activity["entities"]!.AsArray(), entity => (string?)entity!["type"] == "https://schema.org/Message");
        Assert.Equal("AIGeneratedContent", (string?)label!["additionalType"]![0]);
        Assert.True((bool)final.Activity["channelData"]!["feedbackLoopEnabled"]!);
    }

    [Fact]
    public async Task In_a_group_chat_the_answer_is_one_message_at_the_end()
    {
        var model = new FakeChatClient(new FakeChatClient.Answer(TimeSpan.FromMilliseconds(400), "one ", "two ", "three"));
        await using var gateway = await GatewayAsync(model);
        var message = Message(gateway, "count for us", conversationType: "groupChat");

        await gateway.PostAsync(message);

        var answer = Assert.Single(await gateway.Connector.WaitForMessagesAsync(ConversationOf(message), 1));
        Assert.Equal("one two three", answer.Text);
        Assert.Single(gateway.Connector.In(ConversationOf(message)));
        Assert.DoesNotContain(answer.Activity["entities"]!.AsArray(), entity => (string?)entity!["type"] == "streaminfo");
    }

    [Fact]
    public async Task The_second_turn_sends_the_model_both_sides_of_the_first()
    {
        var model = new FakeChatClient(new FakeChatClient.Answer("First answer."), new FakeChatClient.Answer("Second answer."));
        await using var gateway = await GatewayAsync(model);
        var first = Message(gateway, "first question");
        await gateway.PostAsync(first);
        await gateway.Connector.WaitForMessagesAsync(ConversationOf(first), 1);

        var second = FollowUp(gateway, first, "second question");
        await gateway.PostAsync(second);
        await gateway.Connector.WaitForMessagesAsync(ConversationOf(first), 2);

        var sent = model.Calls[1];
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], sent.Select(message => message.Role));
        Assert.Equal(["first question", "First answer.", "second question"], sent.Skip(1).Select(message => message.Text));
    }

    [Fact]
    public async Task The_message_is_acknowledged_before_a_slow_model_answers()
    {
        var model = new FakeChatClient(new FakeChatClient.Answer("warm"), new FakeChatClient.Answer(TimeSpan.FromSeconds(4), "late but here"));
        await using var gateway = await GatewayAsync(model);
        // The first message also waits for the bus's first connection and the queue's exchange: not what is measured here.
        var warmUp = Message(gateway, "warm up");
        await gateway.PostAsync(warmUp);
        await gateway.Connector.WaitForMessagesAsync(ConversationOf(warmUp), 1);
        var message = Message(gateway, "take your time");

        var clock = Stopwatch.StartNew();
        var response = await gateway.PostAsync(message);
        var acknowledged = clock.Elapsed;
        await gateway.Connector.WaitForMessagesAsync(ConversationOf(message), 1);
        var answered = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(acknowledged < TimeSpan.FromSeconds(2), $"acknowledged after {acknowledged.TotalMilliseconds:F0} ms");
        Assert.True(answered >= TimeSpan.FromSeconds(4), $"answered after {answered.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_model_that_keeps_failing_gets_the_user_a_message_with_what_to_do_and_a_reference()
    {
        var busy = new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests);
        var model = new FakeChatClient(new FakeChatClient.Fail(busy), new FakeChatClient.Fail(busy));
        await using var gateway = await GatewayAsync(model, ("Chat:Attempts", "2"), ("Chat:FirstBackoff", "00:00:00.050"));
        var message = Message(gateway, "hello?");

        await gateway.PostAsync(message);

        var answer = Assert.Single(await gateway.Connector.WaitForMessagesAsync(ConversationOf(message), 1));
        Assert.StartsWith("Sorry, I couldn't answer that: the assistant is busy right now. Please send your message again in a minute.", answer.Text, StringComparison.Ordinal);
        Assert.Matches("reference: T[0-9A-F]{5}-[0-9A-F]{5}\\.$", answer.Text);
        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public async Task A_model_that_never_answers_is_given_up_on_at_the_turn_timeout()
    {
        var model = new FakeChatClient(new FakeChatClient.NeverAnswer(), new FakeChatClient.NeverAnswer());
        await using var gateway = await GatewayAsync(model, ("Chat:TurnTimeout", "00:00:02"), ("Chat:AttemptTimeout", "00:00:10"));
        var message = Message(gateway, "anyone there?");

        var clock = Stopwatch.StartNew();
        await gateway.PostAsync(message);
        var answer = Assert.Single(await gateway.Connector.WaitForMessagesAsync(ConversationOf(message), 1));

        Assert.Contains("the assistant took too long to answer", answer.Text, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.95), TimeSpan.FromSeconds(8)); // a timer may fire a tick before the stopwatch reads 2 s
    }

    [Fact]
    public async Task A_message_Teams_sends_twice_with_the_same_id_is_answered_once()
    {
        var model = new FakeChatClient(new FakeChatClient.Answer("Only once."), new FakeChatClient.Answer("Twice!"));
        await using var gateway = await GatewayAsync(model);
        var message = Message(gateway, "hello", conversationType: "groupChat");

        await gateway.PostAsync(message);
        await gateway.Connector.WaitForMessagesAsync(ConversationOf(message), 1);
        await gateway.PostAsync(message);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(["Only once."], gateway.Connector.In(ConversationOf(message)).Select(activity => activity.Text));
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task Teams_feedback_buttons_are_answered_200_and_a_bad_one_400()
    {
        await using var gateway = await GatewayAsync(new FakeChatClient());
        var like = gateway.Activity("invoke", AgentFeedbackHandler.InvokeName, new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject { ["reaction"] = "like", ["feedback"] = """{"feedbackText":"spot on"}""" },
        });
        var odd = gateway.Activity("invoke", AgentFeedbackHandler.InvokeName, new JsonObject { ["actionName"] = "feedback" });

        Assert.Equal(HttpStatusCode.OK, (await gateway.PostAsync(like)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await gateway.PostAsync(odd)).StatusCode);
    }

    [Fact]
    public async Task A_teams_own_agent_replaces_the_gateways_and_gets_the_turn()
    {
        await using var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString,
            services => services.AddConversationAgent<ShoutingAgent>());
        var message = Message(gateway, "hello there");

        await gateway.PostAsync(message);

        var answer = Assert.Single(await gateway.Connector.WaitForMessagesAsync(ConversationOf(message), 1));
        Assert.Equal("HELLO THERE (no task)", answer.Text);
        Assert.Null(answer.Activity["channelData"]);
    }

    [Fact]
    public async Task Without_a_chat_model_the_gateway_walks_the_steps_as_before()
    {
        await using var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString);
        var message = Message(gateway, "what now?");

        await gateway.PostAsync(message);

        var answer = Assert.Single(await gateway.Connector.WaitForMessagesAsync(ConversationOf(message), 1));
        Assert.Equal(BotGateway.Agents.GuidedSteps.GuidedStepsAgent.NoTask(ReplyLanguage.English), answer.Text);
        Assert.DoesNotContain(gateway.Connector.In(ConversationOf(message)), activity => activity.Type == "typing");
    }

    private async Task<GatewayWithState> GatewayAsync(FakeChatClient model, params (string Key, string Value)[] settings)
    {
        var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString, services =>
        {
            services.RemoveAll<IChatClient>();
            services.AddSingleton<IChatClient>(model);
        }, [("ConnectionStrings:chat", Chat), .. settings]);
        await ReadyAsync(gateway);
        return gateway;
    }

    /// <summary>
    /// Until the bus's endpoints are up (its health check): a turn sent before its queue exists is answered in the gateway
    /// (BrokerlessTurns), and these tests are about the turns that go through RabbitMQ.
    /// </summary>
    private static async Task ReadyAsync(GatewayWithState gateway)
    {
        var waited = Stopwatch.StartNew();
        while ((await gateway.Http.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the gateway did not become ready in 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static JsonObject Message(GatewayWithState gateway, string text, string conversationType = "personal")
    {
        var message = gateway.Activity("message", conversationType: conversationType);
        message["text"] = text;
        return message;
    }

    private static JsonObject FollowUp(GatewayWithState gateway, JsonObject earlier, string text)
    {
        var message = Message(gateway, text);
        message["from"] = earlier["from"]!.DeepClone();
        message["conversation"] = earlier["conversation"]!.DeepClone();
        return message;
    }

    private static string ConversationOf(JsonObject activity) => (string)activity["conversation"]!["id"]!;

    private static JsonObject StreamInfo(RecordedActivity activity) =>
        activity.Activity["entities"]!.AsArray().Single(entity => (string?)entity!["type"] == "streaminfo")!.AsObject();

    private sealed class ShoutingAgent : IConversationAgent
    {
        public bool IsGenerative => false;

        public async IAsyncEnumerable<string> AnswerAsync(AgentTurn turn, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return $"{turn.Text.ToUpperInvariant()} ({(turn.Task is null ? "no task" : turn.Task.Context.Item.Title)})";
        }
    }
}

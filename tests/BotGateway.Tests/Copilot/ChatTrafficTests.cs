using System.Net;
using System.Text.Json.Nodes;
using Handoff.BotGateway.Conversations;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;
using Handoff.TestSupport;

namespace Handoff.BotGateway.Tests.Copilot;

/// <summary>Installs, handoffs outside the personal chat, and the bot as an agent in Copilot's chat, through the gateway over HTTP.</summary>
public sealed class ChatTrafficTests(RedisFixture redis, RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private GatewayWithState _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString);

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Installing_the_app_in_a_personal_chat_welcomes_the_user_once_with_how_to_start()
    {
        var install = _gateway.Activity("installationUpdate");
        install["action"] = "add";
        var conversation = (string)install["conversation"]!["id"]!;
        var added = _gateway.Activity("conversationUpdate");
        added["conversation"] = install["conversation"]!.DeepClone();
        added["membersAdded"] = new JsonArray(new JsonObject { ["id"] = GatewayWithState.BotId });

        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(install)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(added)).StatusCode);

        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync(conversation, 1));
        Assert.Equal(ReplyLanguage.English.Format(Reply.PersonalWelcome, ReplyLanguage.English.Text(Reply.ContinueInChat)), welcome.Text);
        Assert.Contains("**Continue in chat**", welcome.Text, StringComparison.Ordinal);
        Assert.Single(_gateway.Connector.In(conversation));
    }

    [Fact]
    public async Task The_bot_added_without_an_installationUpdate_still_welcomes()
    {
        var added = _gateway.Activity("conversationUpdate");
        // Copilot and some clients name the bot without the 28: prefix.
        added["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:someone" }, new JsonObject { ["id"] = GatewayWithState.BotId["28:".Length..] });

        await _gateway.PostAsync(added);

        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)added["conversation"]!["id"]!, 1));
        Assert.Equal(ReplyLanguage.English.Format(Reply.PersonalWelcome, ReplyLanguage.English.Text(Reply.ContinueInChat)), welcome.Text);
    }

    [Fact]
    public async Task A_welcome_in_a_group_chat_says_tasks_open_in_the_personal_chat()
    {
        var install = _gateway.Activity("installationUpdate", conversationType: "groupChat");
        install["action"] = "add";

        await _gateway.PostAsync(install);

        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)install["conversation"]!["id"]!, 1));
        Assert.Equal(ReplyLanguage.English.Format(Reply.SharedChatWelcome, ReplyLanguage.English.Text(Reply.ContinueInChat)), welcome.Text);
    }

    [Fact]
    public async Task Someone_else_joining_and_the_app_being_removed_get_no_welcome()
    {
        var joined = _gateway.Activity("conversationUpdate");
        joined["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:someone-else" });
        var removed = _gateway.Activity("installationUpdate");
        removed["action"] = "remove";
        removed["conversation"] = joined["conversation"]!.DeepClone();
        var conversation = (string)joined["conversation"]!["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(joined)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(removed)).StatusCode);

        Assert.Empty(_gateway.Connector.In(conversation));
    }

    [Theory]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task A_handoff_from_outside_the_personal_chat_is_told_to_open_it_in_the_personal_chat(string conversationType)
    {
        var click = _gateway.Activity("invoke", "handoff/action", new JsonObject { ["continuation"] = "a-token-from-a-copilot-card" }, conversationType: conversationType);

        using var response = await _gateway.PostAsync(click);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)click["conversation"]!["id"]!, 1));
        Assert.StartsWith(ReplyLanguage.English.Text(Reply.NotPersonalChat), notice.Text, StringComparison.Ordinal);
        Assert.Contains("Ref: ", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Copilots_chat_a_request_is_answered_with_a_link_that_continues_it_in_Teams()
    {
        var message = CopilotChatMessage("draft the quarterly business review");

        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(message)).StatusCode);

        var reply = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)message["conversation"]!["id"]!, 1));
        Assert.Equal(CopilotChatTurn.Offer("draft the quarterly business review", ReplyLanguage.English), reply.Text);
        Assert.Contains("Continue 'draft the quarterly business review' in chat", reply.CardText, StringComparison.Ordinal);
        Assert.Contains("&continuation=", reply.ButtonUrl, StringComparison.Ordinal);
        Assert.Null(reply.Activity["attachments"]![0]!["preview"]);
    }

    [Theory]
    [InlineData("next")]
    [InlineData("status")]
    [InlineData("weiter")]
    [InlineData("Précédent.")]
    public async Task In_Copilots_chat_a_chat_command_asks_for_a_request_instead(string text)
    {
        var message = CopilotChatMessage(text);

        await _gateway.PostAsync(message);

        var reply = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)message["conversation"]!["id"]!, 1));
        Assert.Equal(ReplyLanguage.English.Text(Reply.AskForRequest), reply.Text);
    }

    [Theory]
    [InlineData("forget me")]
    [InlineData("Vergiss mich!")]
    [InlineData("oublie-moi")]
    public async Task Forget_me_is_understood_in_every_language_the_replies_speak_whatever_the_locale(string text)
    {
        var message = _gateway.Activity("message");
        message["text"] = text;

        await _gateway.PostAsync(message);

        var reply = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)message["conversation"]!["id"]!, 1));
        Assert.Equal(ReplyLanguage.English.Format(Reply.Erased, 0), reply.Text);
    }

    private JsonObject CopilotChatMessage(string text)
    {
        var message = _gateway.Activity("message");
        message["text"] = text;
        message["entities"] = new JsonArray(new JsonObject { ["type"] = "ProductInfo", ["id"] = "COPILOT" });
        return message;
    }
}

using System.Net;
using Handoff.BotGateway.Localization;
using Handoff.BotGateway.Tests.Copilot;
using Handoff.TestSupport;

namespace Handoff.BotGateway.Tests.Localization;

/// <summary>What the gateway says at once, in the activity's locale, through the gateway over HTTP with the real ConversationState.</summary>
public sealed class LocalisedChatTrafficTests(RedisFixture redis, RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private GatewayWithState _gateway = null!;

    public static TheoryData<string?, string, string> Locales => new()
    {
        { "de-DE", "de", "de-DE" },
        { "de-AT", "de", "de-AT" },
        { "fr-FR", "fr", "fr-FR" },
        { "en-US", "en", "en-US" },
        { "ja-JP", "en", "en" },
        { "xx-@@", "en", "en" },
        { new string('x', 500), "en", "en" },
        { null, "en", "en" },
    };

    // One activity a minute per user: the second is over the limit.
    public async ValueTask InitializeAsync() =>
        _gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString, ("RateLimits:UserActivitiesPerMinute", "1"));

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task Installing_the_app_welcomes_the_user_in_their_language_or_English(string? locale, string language, string sentLocale)
    {
        var install = _gateway.Activity("installationUpdate");
        install["action"] = "add";
        install["locale"] = locale;

        using var response = await _gateway.PostAsync(install);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)install["conversation"]!["id"]!, 1));
        var expected = ReplyLanguage.For(language);
        Assert.Equal(expected.Format(Reply.PersonalWelcome, expected.Text(Reply.ContinueInChat)), welcome.Text);
        Assert.Equal(sentLocale, (string?)welcome.Activity["locale"]);
    }

    [Fact]
    public async Task A_German_user_over_the_limit_is_told_in_German_to_wait()
    {
        var user = Guid.NewGuid().ToString();
        var install = _gateway.Activity("installationUpdate", user: user);
        install["action"] = "add";
        var message = _gateway.Activity("message", user: user);
        message["text"] = "weiter";
        message["locale"] = "de-DE";

        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(install)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(message)).StatusCode);

        var notice = Assert.Single(await _gateway.Connector.WaitForMessagesAsync((string)message["conversation"]!["id"]!, 1));
        Assert.Equal("Sie senden Nachrichten schneller, als ich antworten kann. Geben Sie mir ein paar Sekunden und senden Sie dann Ihre letzte Nachricht erneut.",
            notice.Text);
        Assert.Equal("de-DE", (string?)notice.Activity["locale"]);
    }
}

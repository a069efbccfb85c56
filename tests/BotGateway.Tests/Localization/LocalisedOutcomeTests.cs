using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Localization;
using Handoff.BotGateway.Tests.Delivery;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using MassTransit.Testing;

namespace Handoff.BotGateway.Tests.Localization;

/// <summary>
/// A click posted to the gateway over HTTP, HandoffService's verdict on it published as HandoffService publishes it
/// (<see cref="RedemptionOutcome"/>), and what the user reads at the recording connector: in the click's language,
/// carried to the outcome consumer with the conversation's address.
/// </summary>
public sealed class LocalisedOutcomeTests : IAsyncLifetime
{
    private GatewayOnTestHarness _gateway = null!;
    private HttpClient _http = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string?> UnusableLocales => [(string?)null, "", "ja-JP", "xx-@@", new string('x', 500), "de-" + new string('x', 497)];

    public async ValueTask InitializeAsync()
    {
        _gateway = await GatewayOnTestHarness.StartAsync();
        _http = _gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_German_users_expired_link_is_refused_in_German_with_a_German_button()
    {
        var request = await ClickAsync("de-DE");

        await _gateway.Harness.Bus.Publish(RedemptionOutcome.For(request, new RedeemTokenResponse(null, HandoffRejectionReason.Expired)), Cancellation);

        var refusal = Assert.Single(await _gateway.Connector.WaitForMessagesAsync(request.Conversation.ConversationId, 1));
        Assert.StartsWith("Dieser Copilot-Link ist abgelaufen", refusal.CardText, StringComparison.Ordinal);
        Assert.Equal(ReplyLanguage.For("de").Text(Reply.RejectedExpired), refusal.CardText.Split('\n')[0]);
        Assert.Equal("Copilot öffnen", (string?)refusal.Activity["attachments"]![0]!["content"]!["actions"]![0]!["title"]);
        Assert.Equal("de-DE", (string?)refusal.Activity["locale"]);
    }

    [Fact]
    public async Task The_welcome_after_a_German_click_is_German_though_the_link_was_found_in_French()
    {
        var request = await ClickAsync("de-DE");
        var task = Task(searchedIn: "fr-FR");

        await _gateway.Harness.Bus.Publish(_gateway.Redeemed(request, task), Cancellation);

        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync(request.Conversation.ConversationId, 1));
        Assert.Equal("Fortsetzung aus Copilot: plan the offsite", welcome.Text);
        Assert.Contains("**Plan a team offsite**, Schritt 1 von 2: Poll dates", welcome.CardText, StringComparison.Ordinal);
        Assert.Contains(ReplyLanguage.For("de").Text(Reply.FeedbackQuestion), welcome.CardText, StringComparison.Ordinal);
        Assert.Equal("de-DE", (string?)welcome.Activity["locale"]);
    }

    [Fact]
    public async Task A_welcome_whose_event_carries_no_locale_is_in_the_language_the_user_searched_in()
    {
        var request = await ClickAsync("de-DE");
        // As a HandoffService that predates ConversationAddress.Locale publishes it.
        var restored = _gateway.Redeemed(request, Task(searchedIn: "fr-FR"));

        await _gateway.Harness.Bus.Publish(restored with { Conversation = restored.Conversation with { Locale = null } }, Cancellation);

        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync(request.Conversation.ConversationId, 1));
        Assert.Equal("Reprise depuis Copilot : plan the offsite", welcome.Text);
        Assert.Equal("fr-FR", (string?)welcome.Activity["locale"]);
    }

    [Theory]
    [MemberData(nameof(UnusableLocales))]
    public async Task A_click_in_a_missing_unknown_or_malformed_locale_is_answered_in_English(string? locale)
    {
        var request = await ClickAsync(locale);

        await _gateway.Harness.Bus.Publish(RedemptionOutcome.For(request, new RedeemTokenResponse(null, HandoffRejectionReason.StateUnavailable)), Cancellation);

        var refusal = Assert.Single(await _gateway.Connector.WaitForMessagesAsync(request.Conversation.ConversationId, 1));
        Assert.StartsWith(ReplyLanguage.English.Text(Reply.RejectedStateUnavailable), refusal.Text, StringComparison.Ordinal);
        Assert.Equal("en", (string?)refusal.Activity["locale"]);
        Assert.Equal(locale == "ja-JP" ? "ja-JP" : null, request.Conversation.Locale);
    }

    /// <summary>Posts a click in a new personal chat and returns what the gateway published for HandoffService.</summary>
    private async Task<HandoffRequested> ClickAsync(string? locale)
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        var click = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = HandoffActionHandler.InvokeName,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = _gateway.Connector.ServiceUrl.AbsoluteUri,
            ["from"] = new JsonObject { ["id"] = "29:user", ["aadObjectId"] = "00000000-0000-0000-0000-0000000000a1" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = "tenant-1" },
            ["value"] = new JsonObject { ["continuation"] = "lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8" },
        };
        if (locale is not null)
        {
            click["locale"] = locale;
        }

        using var response = await _http.PostAsync("/api/messages", new StringContent(click.ToJsonString(), Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await _gateway.Harness.Published.Any<HandoffRequested>(published => published.Context.Message.Conversation.ConversationId == conversation, Cancellation));
        return _gateway.Harness.Published.Select<HandoffRequested>(published => published.Context.Message.Conversation.ConversationId == conversation, Cancellation)
            .First().Context.Message;
    }

    private static ActiveTask Task(string searchedIn) => new(
        new HandoffContext("plan the offsite", "continueInChat", new TaskItem("offsite-plan", "Plan a team offsite", "d", ["Poll dates", "Book"]),
            "00000000-0000-0000-0000-0000000000a1", "tenant-1", searchedIn, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10)),
        0, DateTimeOffset.UtcNow);
}

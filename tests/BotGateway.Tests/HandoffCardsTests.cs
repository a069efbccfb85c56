using System.Text.Json.Nodes;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.Tests;

public sealed class HandoffCardsTests
{
    private static readonly Uri Link = HandoffDeepLink.Build("bot", "token");

    [Fact]
    public void The_result_is_a_list_of_adaptive_cards_with_previews()
    {
        var result = HandoffCards.Result([HandoffCards.Attachment("Title", "Description", Link, ReplyLanguage.English)]);

        var extension = result["composeExtension"]!;
        Assert.Equal("result", (string?)extension["type"]);
        Assert.Equal("list", (string?)extension["attachmentLayout"]);
        var attachment = extension["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.Equal("AdaptiveCard", (string?)attachment["content"]!["type"]);
        Assert.Equal("Title", (string?)attachment["preview"]!["content"]!["title"]);
    }

    [Fact]
    public void The_card_button_opens_the_deep_link()
    {
        var attachment = HandoffCards.Attachment("Title", "Description", Link, ReplyLanguage.English);

        var action = attachment["content"]!["actions"]![0]!;
        Assert.Equal("Action.OpenUrl", (string?)action["type"]);
        Assert.Equal(Link.AbsoluteUri, (string?)action["url"]);
        Assert.Equal(Link.AbsoluteUri, (string?)attachment["preview"]!["content"]!["tap"]!["value"]);
    }

    [Fact]
    public void The_first_card_title_continues_the_users_own_request()
    {
        Assert.Equal("Continue 'plan the offsite' in chat", HandoffCards.ContinueRequestTitle("plan the offsite", ReplyLanguage.English));
    }

    [Fact]
    public void A_long_request_is_shortened_in_the_title()
    {
        var title = HandoffCards.ContinueRequestTitle(new string('x', 500), ReplyLanguage.English);

        Assert.True(title.Length < 100);
        Assert.Contains("…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_text_is_data_not_markup_that_could_escape_the_json()
    {
        var attachment = HandoffCards.Attachment("\"}],\"actions\":[{\"type\":\"Action.Submit\"}]", "d", Link, ReplyLanguage.English);

        var reparsed = JsonNode.Parse(attachment.ToJsonString())!;
        Assert.Single(reparsed["content"]!["actions"]!.AsArray());
    }
}

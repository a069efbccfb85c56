using System.Text.Json.Nodes;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>The message-extension answer: a list of Adaptive Cards with the task's facts, each opening the handoff deep link.</summary>
public static class HandoffCards
{
    public const int MaxTitleLength = 80;

    public static JsonObject Result(IEnumerable<JsonObject> attachments) => new()
    {
        ["composeExtension"] = new JsonObject
        {
            ["type"] = "result",
            ["attachmentLayout"] = "list",
            ["attachments"] = new JsonArray([.. attachments]),
        },
    };

    /// <summary>A plain message in place of results, for when the answer is "not now" rather than cards.</summary>
    public static JsonObject Message(string text) => new()
    {
        ["composeExtension"] = new JsonObject { ["type"] = "message", ["text"] = text },
    };

    /// <summary>A card whose button, and whose preview's tap, open the handoff deep link.</summary>
    public static JsonObject Attachment(string title, string description, Uri deepLink, ReplyLanguage language, IReadOnlyList<CardFact>? facts = null) => new()
    {
        ["contentType"] = "application/vnd.microsoft.card.adaptive",
        ["content"] = Card(title, description, facts, (deepLink, language.Text(Reply.ContinueInChat))),
        ["preview"] = Preview(title, description, new JsonObject { ["type"] = "openUrl", ["value"] = deepLink.AbsoluteUri }),
    };

    /// <summary>
    /// A search-box result with no link yet: picking it sends <c>composeExtension/selectItem</c> with
    /// <paramref name="selection"/>, and only then is a token minted and the card with the button returned.
    /// </summary>
    public static JsonObject Selectable(string title, string description, IReadOnlyList<CardFact> facts, JsonObject selection) => new()
    {
        ["contentType"] = "application/vnd.microsoft.card.adaptive",
        ["content"] = Card(title, description, facts, button: null),
        ["preview"] = Preview(title, description, new JsonObject { ["type"] = "invoke", ["value"] = selection }),
    };

    /// <summary>What a task card shows besides its title: how many steps, the first one, and how long the link works.</summary>
    public static IReadOnlyList<CardFact> Facts(TaskItem item, TimeSpan? linkLifetime, ReplyLanguage language)
    {
        var facts = new List<CardFact> { new(language.Text(Reply.FactSteps), item.Steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (item.Steps.Count > 0)
        {
            facts.Add(new CardFact(language.Text(Reply.FactFirstStep), item.Steps[0]));
        }

        if (linkLifetime is { } lifetime)
        {
            var minutes = Math.Max(1, (int)Math.Round(lifetime.TotalMinutes));
            facts.Add(new CardFact(language.Text(Reply.FactLink),
                minutes == 1 ? language.Text(Reply.LinkWorksOneMinute) : language.Format(Reply.LinkWorksMinutes, minutes)));
        }

        return facts;
    }

    /// <summary>A result's card title: the user's own request reads "Continue '…' in chat", any other task its own title.</summary>
    public static string TitleOf(TaskItem item, string requestText, ReplyLanguage language) =>
        item.Id == UserRequestTask.Id ? ContinueRequestTitle(requestText, language) : item.Title;

    /// <summary>The first card's title: "Continue '&lt;request&gt;' in chat", the request shortened to fit a list row.</summary>
    public static string ContinueRequestTitle(string request, ReplyLanguage language) => language.Format(Reply.ContinueRequestTitle, Shorten(request));

    public static string Shorten(string text) =>
        text.Length <= MaxTitleLength ? text : string.Concat(text.AsSpan(0, MaxTitleLength - 1).TrimEnd(), "…");

    private static JsonObject Card(string title, string description, IReadOnlyList<CardFact>? facts, (Uri DeepLink, string Title)? button)
    {
        var body = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = description, ["isSubtle"] = true, ["wrap"] = true });
        if (facts is { Count: > 0 })
        {
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. facts.Select(fact => (JsonNode)new JsonObject { ["title"] = fact.Title, ["value"] = fact.Value })]),
            });
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
        };
        if (button is var (deepLink, buttonTitle))
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = buttonTitle, ["url"] = deepLink.AbsoluteUri });
        }

        return card;
    }

    private static JsonObject Preview(string title, string description, JsonObject tap) => new()
    {
        ["contentType"] = "application/vnd.microsoft.card.thumbnail",
        ["content"] = new JsonObject { ["title"] = title, ["text"] = description, ["tap"] = tap },
    };
}

/// <summary>One row of a card's FactSet.</summary>
public sealed record CardFact(string Title, string Value);

using System.Text.Json.Nodes;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>The message-extension answer: a list of Adaptive Cards, each opening the handoff deep link.</summary>
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

    public static JsonObject Attachment(string title, string description, Uri deepLink) => new()
    {
        ["contentType"] = "application/vnd.microsoft.card.adaptive",
        ["content"] = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = description, ["isSubtle"] = true, ["wrap"] = true }),
            ["actions"] = new JsonArray(
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Continue in chat", ["url"] = deepLink.AbsoluteUri }),
        },
        ["preview"] = new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.thumbnail",
            ["content"] = new JsonObject
            {
                ["title"] = title,
                ["text"] = description,
                ["tap"] = new JsonObject { ["type"] = "openUrl", ["value"] = deepLink.AbsoluteUri },
            },
        },
    };

    /// <summary>The first card's title: "Continue '&lt;request&gt;' in chat", the request shortened to fit a list row.</summary>
    public static string ContinueRequestTitle(string request) => $"Continue '{Shorten(request)}' in chat";

    public static string Shorten(string text) =>
        text.Length <= MaxTitleLength ? text : string.Concat(text.AsSpan(0, MaxTitleLength - 1).TrimEnd(), "…");
}

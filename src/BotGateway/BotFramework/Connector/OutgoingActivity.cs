using System.Text.Json.Nodes;
using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// An activity the bot sends: a message (text and optional attachments) or a typing indicator, with the
/// <c>entities</c> and <c>channelData</c> Teams reads for streaming, the AI-generated label and its feedback buttons,
/// and the <c>locale</c> its text is written in.
/// </summary>
public sealed record OutgoingActivity(string Type, string? Text, IReadOnlyList<JsonObject>? Attachments = null)
{
    public IReadOnlyList<JsonObject>? Entities { get; init; }

    public JsonObject? ChannelData { get; init; }

    /// <summary>The activity's <c>locale</c> (Bot Framework Activity schema): the language of its text; null sends none.</summary>
    public string? Locale { get; init; }

    public static OutgoingActivity Message(string text, ReplyLanguage language) => new("message", text) { Locale = language.Locale };

    public static OutgoingActivity Typing() => new("typing", null);
}

using System.Text.Json.Nodes;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// An activity the bot sends: a message (text and optional attachments) or a typing indicator, with the
/// <c>entities</c> and <c>channelData</c> Teams reads for streaming, the AI-generated label and its feedback buttons.
/// </summary>
public sealed record OutgoingActivity(string Type, string? Text, IReadOnlyList<JsonObject>? Attachments = null)
{
    public IReadOnlyList<JsonObject>? Entities { get; init; }

    public JsonObject? ChannelData { get; init; }

    public static OutgoingActivity Message(string text) => new("message", text);

    public static OutgoingActivity Typing() => new("typing", null);
}

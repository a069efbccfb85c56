using System.Text.Json.Nodes;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>An activity the bot sends: a message (text and optional attachments) or a typing indicator.</summary>
public sealed record OutgoingActivity(string Type, string? Text, IReadOnlyList<JsonObject>? Attachments = null)
{
    public static OutgoingActivity Message(string text) => new("message", text);

    public static OutgoingActivity Typing() => new("typing", null);
}

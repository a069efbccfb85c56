using System.Text.Json;

namespace Handoff.BotGateway.BotFramework.Activities;

/// <summary>The parts of a Bot Framework activity this bot acts on, read and checked by <see cref="ActivityReader"/>.</summary>
public sealed record IncomingActivity(
    string Type,
    string? Name,
    string? Id,
    string ChannelId,
    Uri ServiceUrl,
    string ConversationId,
    string? ConversationType,
    ChannelAccount? From,
    ChannelAccount? Recipient,
    string? TenantId,
    string? Locale,
    string? Text,
    JsonElement? Value)
{
    public bool IsInvoke(string name) =>
        Type == ActivityTypes.Invoke && string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A user or bot in a conversation. <paramref name="AadObjectId"/> is set by Teams for users.</summary>
public sealed record ChannelAccount(string Id, string? Name, string? AadObjectId);

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
}

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
    /// <summary>
    /// <c>channelData.source.name</c>: where a message-extension query was made. Teams sends <c>compose</c> or
    /// <c>commandbox</c>; Copilot was seen sending <c>copilot</c> (PROTOCOL.md §1, observed, not documented).
    /// </summary>
    public string? SourceName { get; init; }

    /// <summary><c>action</c> of an <c>installationUpdate</c>: <c>add</c>, <c>remove</c>, <c>add-upgrade</c>, ….</summary>
    public string? Action { get; init; }

    /// <summary>The ids in <c>membersAdded</c> of a <c>conversationUpdate</c>.</summary>
    public IReadOnlyList<string> MembersAdded { get; init; } = [];

    /// <summary>
    /// The id of the activity's <c>ProductInfo</c> entity: <c>COPILOT</c> when the bot is used as an agent in
    /// Microsoft 365 Copilot's chat (the Agents SDK reads it as the <c>msteams:COPILOT</c> sub-channel).
    /// </summary>
    public string? ProductId { get; init; }

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
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
}

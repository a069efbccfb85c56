namespace Handoff.Contracts.Events;

/// <summary>Where a reply to the user goes: the Bot Connector endpoint and the conversation in it.</summary>
public sealed record ConversationAddress(
    string ChannelId,
    string ServiceUrl,
    string ConversationId,
    string BotId,
    string UserId,
    string? ReplyToActivityId);

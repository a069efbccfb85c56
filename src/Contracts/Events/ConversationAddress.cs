using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.Events;

/// <summary>Where a reply to the user goes: the Bot Connector endpoint and the conversation in it.</summary>
public sealed record ConversationAddress(
    string ChannelId,
    string ServiceUrl,
    [property: UserIdentifier] string ConversationId,
    string BotId,
    [property: UserIdentifier] string UserId,
    string? ReplyToActivityId);

using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.Events;

/// <summary>Where a reply to the user goes: the Bot Connector endpoint and the conversation in it.</summary>
/// <param name="TenantId">The conversation's tenant (<c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>):
/// the Bot Connector's limits are per tenant. Null in messages published before it was added, and in a chat without one.</param>
/// <param name="Locale">The user's locale (the activity's <c>locale</c>, as Bot Framework's ConversationReference keeps it):
/// what is sent later to this address, from a queue, is written in its language. Null when the activity had none (or
/// none of a locale's shape), and in messages published before it was added: such replies are in English.</param>
public sealed record ConversationAddress(
    string ChannelId,
    string ServiceUrl,
    [property: UserIdentifier] string ConversationId,
    string BotId,
    [property: UserIdentifier] string UserId,
    [property: UserIdentifier] string? TenantId = null,
    string? Locale = null);

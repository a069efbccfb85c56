using Handoff.Contracts.State;

namespace Handoff.Contracts.Events;

/// <summary>
/// The token could not be redeemed. Carries no context, unless <paramref name="Earlier"/> is set: the user is the
/// token's owner and redeemed it before (<paramref name="Reason"/> is then <see cref="HandoffRejectionReason.AlreadyUsed"/>,
/// which gateways that predate <paramref name="Earlier"/> still understand).
/// </summary>
public sealed record HandoffRejected(
    Guid CorrelationId,
    ConversationAddress Conversation,
    HandoffRejectionReason Reason,
    DateTimeOffset RequestedAt,
    string? Reference = null,
    EarlierRedemption? Earlier = null);

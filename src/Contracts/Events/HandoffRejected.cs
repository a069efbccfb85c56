using Handoff.Contracts.State;

namespace Handoff.Contracts.Events;

/// <summary>The token could not be redeemed. Carries no context: the user may not be its owner.</summary>
public sealed record HandoffRejected(
    Guid CorrelationId,
    ConversationAddress Conversation,
    HandoffRejectionReason Reason,
    DateTimeOffset RequestedAt,
    string? Reference = null);

namespace Handoff.Contracts.Events;

/// <summary>Redemption is waiting for a dependency to come back; the handoff is not dropped and will complete.</summary>
public sealed record HandoffDelayed(
    Guid CorrelationId,
    ConversationAddress Conversation,
    DateTimeOffset RequestedAt,
    string? Reference = null);

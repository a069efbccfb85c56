using Handoff.Contracts.State;

namespace Handoff.Contracts.Events;

/// <summary>The token was redeemed; <paramref name="Task"/> is now the conversation's active task.</summary>
public sealed record HandoffContextRestored(
    Guid CorrelationId,
    ConversationAddress Conversation,
    ActiveTask Task,
    DateTimeOffset RequestedAt,
    string? Reference = null);

using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.State;

/// <summary>
/// ConversationState API: what a conversation is doing now. <paramref name="ActiveTask"/> is null when idle;
/// <paramref name="TurnCount"/> counts the user's turns recorded in it; <paramref name="History"/> is its recent
/// messages, both sides, oldest first (bounded), when the call returns them.
/// </summary>
public sealed record ConversationSnapshot(string ConversationId, ActiveTask? ActiveTask, long TurnCount = 0,
    IReadOnlyList<ConversationMessage>? History = null);

/// <summary>Move the active task one step on, only if it is still at <paramref name="ExpectedStepIndex"/>.</summary>
public sealed record AdvanceStepRequest(int ExpectedStepIndex);

/// <summary>Record a user's turn (its text, shortened) in the conversation's recent turns.</summary>
public sealed record RecordTurnRequest([property: UserContent] string Text, [property: UserIdentifier] string UserAadObjectId, [property: UserIdentifier] string TenantId);

/// <summary>Record the bot's answer to the user in the conversation's recent messages, beside the user's turns.</summary>
public sealed record RecordReplyRequest([property: UserContent] string Text, [property: UserIdentifier] string UserAadObjectId, [property: UserIdentifier] string TenantId);

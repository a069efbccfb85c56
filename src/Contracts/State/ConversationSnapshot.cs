namespace Handoff.Contracts.State;

/// <summary>
/// ConversationState API: what a conversation is doing now. <paramref name="ActiveTask"/> is null when idle;
/// <paramref name="TurnCount"/> counts the user's turns recorded in it.
/// </summary>
public sealed record ConversationSnapshot(string ConversationId, ActiveTask? ActiveTask, long TurnCount = 0);

/// <summary>Move the active task one step on, only if it is still at <paramref name="ExpectedStepIndex"/>.</summary>
public sealed record AdvanceStepRequest(int ExpectedStepIndex);

/// <summary>Record a user's turn (its text, shortened) in the conversation's recent turns.</summary>
public sealed record RecordTurnRequest(string Text, string UserAadObjectId, string TenantId);

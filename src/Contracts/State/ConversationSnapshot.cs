namespace Handoff.Contracts.State;

/// <summary>ConversationState API: what a conversation is doing now. <paramref name="ActiveTask"/> is null when idle.</summary>
public sealed record ConversationSnapshot(string ConversationId, ActiveTask? ActiveTask);

/// <summary>Move the active task one step on, only if it is still at <paramref name="ExpectedStepIndex"/>.</summary>
public sealed record AdvanceStepRequest(int ExpectedStepIndex);

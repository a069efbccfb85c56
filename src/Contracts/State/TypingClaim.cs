namespace Handoff.Contracts.State;

/// <summary>
/// ConversationState API (<c>POST /conversations/{id}/typing</c>): whether the gateway should show a typing indicator
/// for a click that is still unanswered. False when a handoff outcome in this conversation was decided within the
/// typing window (its message follows at once) or a typing indicator was already shown in it.
/// </summary>
public sealed record TypingClaimResponse(bool Send);

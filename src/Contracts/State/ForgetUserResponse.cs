namespace Handoff.Contracts.State;

/// <summary>ConversationState API: how many records "forget me" erased for a user (contexts, tokens, conversations).</summary>
public sealed record ForgetUserResponse(long RecordsErased);

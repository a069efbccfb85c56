namespace Handoff.ConversationState.Contexts;

/// <summary>A user asked for more open handoffs than <see cref="StateOptions.MaxOpenContextsPerUser"/> allows (a 429).</summary>
public sealed class UserLimitExceededException(string message) : Exception(message);

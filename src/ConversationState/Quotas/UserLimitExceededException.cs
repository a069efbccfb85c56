namespace Handoff.ConversationState.Quotas;

/// <summary>
/// A user asked for more open or stored handoffs than <see cref="StateOptions.MaxOpenContextsPerUser"/> or
/// <see cref="StateOptions.MaxStoredHandoffsPerUser"/> allows (a 429).
/// </summary>
public sealed class UserLimitExceededException(string message) : Exception(message);

namespace Handoff.ConversationState.Quotas;

/// <summary>
/// A tenant asked for more open or stored handoffs than <see cref="StateOptions.MaxOpenContextsPerTenant"/> or
/// <see cref="StateOptions.MaxStoredHandoffsPerTenant"/> allows (a 429 of its own type, so the user reads that it is their organisation's).
/// </summary>
public sealed class TenantLimitExceededException(string message) : Exception(message);

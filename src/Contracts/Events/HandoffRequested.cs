using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.Events;

/// <summary>A user clicked a handoff deep link and Teams sent us <c>handoff/action</c>.</summary>
/// <param name="Reference">The handoff's <see cref="Diagnostics.HandoffReference"/>, its correlation id from the Copilot query to the welcome.</param>
public sealed record HandoffRequested(
    Guid CorrelationId,
    [property: SecretData] string ContinuationToken,
    [property: UserIdentifier] string UserAadObjectId,
    [property: UserIdentifier] string TenantId,
    ConversationAddress Conversation,
    DateTimeOffset RequestedAt,
    string? Reference = null);

using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.State;

/// <summary>What the user was doing in Copilot, stored (encrypted) until the continuation token is redeemed. Classified for redaction.</summary>
public sealed record HandoffContext(
    [property: UserContent] string RequestText,
    string CommandId,
    [property: UserContent] TaskItem Item,
    [property: UserIdentifier] string UserAadObjectId,
    [property: UserIdentifier] string TenantId,
    string Locale,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

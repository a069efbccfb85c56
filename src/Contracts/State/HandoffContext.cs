namespace Handoff.Contracts.State;

/// <summary>What the user was doing in Copilot, stored until the continuation token is redeemed.</summary>
public sealed record HandoffContext(
    string RequestText,
    string CommandId,
    TaskItem Item,
    string UserAadObjectId,
    string TenantId,
    string Locale,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

namespace Handoff.Contracts.State;

/// <summary>
/// ConversationState API: redeem a token for its owner and, in the same atomic step, make its context
/// the active task of <paramref name="ConversationId"/>. Repeating a request with the same
/// <paramref name="RedemptionId"/> replays its outcome instead of answering "already used".
/// </summary>
public sealed record RedeemTokenRequest(
    string Token,
    string UserAadObjectId,
    string TenantId,
    string ConversationId,
    string RedemptionId);

/// <summary>Exactly one of <paramref name="Task"/> and <paramref name="Rejection"/> is set.</summary>
public sealed record RedeemTokenResponse(ActiveTask? Task, HandoffRejectionReason? Rejection);

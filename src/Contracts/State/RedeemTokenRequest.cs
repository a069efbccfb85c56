namespace Handoff.Contracts.State;

/// <summary>
/// ConversationState API: redeem a token for its owner and, in the same request, make its context
/// the active task of <paramref name="ConversationId"/>. Repeating a request with the same
/// <paramref name="RedemptionId"/> replays its outcome instead of answering "already used".
/// </summary>
public sealed record RedeemTokenRequest(
    string Token,
    string UserAadObjectId,
    string TenantId,
    string ConversationId,
    string RedemptionId)
{
    /// <summary>
    /// A handoff's redemption id: its correlation id, so every redeemer of one click (HandoffService, its retries, the
    /// gateway's brokerless path) redeems under the same id, and the welcome's claim names the redemption it welcomes.
    /// </summary>
    public static string RedemptionIdOf(Guid correlationId) => correlationId.ToString("N");

    public static RedeemTokenRequest For(Events.HandoffRequested request) => new(request.ContinuationToken, request.UserAadObjectId,
        request.TenantId, request.Conversation.ConversationId, RedemptionIdOf(request.CorrelationId));
}

/// <summary>
/// Exactly one of <paramref name="Task"/> and <paramref name="Rejection"/> is set. When the owner redeemed the token
/// before (another click on a link they already used), <paramref name="Rejection"/> stays
/// <see cref="HandoffRejectionReason.AlreadyUsed"/>, as callers that predate <paramref name="Earlier"/> expect, and
/// <paramref name="Earlier"/> says where that task stands.
/// </summary>
public sealed record RedeemTokenResponse(ActiveTask? Task, HandoffRejectionReason? Rejection, EarlierRedemption? Earlier = null);

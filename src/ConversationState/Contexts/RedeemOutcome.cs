using Handoff.Contracts.State;

namespace Handoff.ConversationState.Contexts;

/// <summary>
/// What the redeem script decided. <see cref="Redeemed"/> is set only for the token's owner. When that owner had redeemed
/// it before, under another redemption id (the rejection is then "already used"), at <see cref="EarlierRedeemedAt"/>:
/// <see cref="EarlierTokenHash"/> names the token, which the conversation keeps beside the task it received, and <see cref="EarlierContext"/>
/// is that context while the replay window keeps it (after it, only the tombstone is left); <see cref="EarlierRedemptionId"/>
/// is that redemption's id, which every tombstone holds.
/// </summary>
public sealed record RedeemOutcome(
    RedeemedContext? Redeemed,
    HandoffRejectionReason? Rejection,
    HandoffContext? EarlierContext = null,
    DateTimeOffset? EarlierRedeemedAt = null,
    string? EarlierTokenHash = null,
    string? EarlierRedemptionId = null)
{
    public HandoffContext? Context => Redeemed?.Context;

    public static RedeemOutcome Success(RedeemedContext redeemed) => new(redeemed, null);

    public static RedeemOutcome RedeemedEarlier(HandoffContext? context, DateTimeOffset redeemedAt, string tokenHash, string redemptionId) =>
        new(null, HandoffRejectionReason.AlreadyUsed, context, redeemedAt, tokenHash, redemptionId);

    public static RedeemOutcome Rejected(HandoffRejectionReason reason) => new(null, reason);
}

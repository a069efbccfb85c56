using Handoff.Contracts.State;

namespace Handoff.ConversationState.Contexts;

/// <summary>
/// What the redeem script decided. <see cref="Redeemed"/> is set only for the token's owner; <see cref="EarlierContext"/>
/// only when that owner had redeemed it before, under another redemption id (the rejection is then "already used"), at <see cref="EarlierRedeemedAt"/>.
/// </summary>
public sealed record RedeemOutcome(RedeemedContext? Redeemed, HandoffRejectionReason? Rejection, HandoffContext? EarlierContext = null, DateTimeOffset? EarlierRedeemedAt = null)
{
    public HandoffContext? Context => Redeemed?.Context;

    public static RedeemOutcome Success(RedeemedContext redeemed) => new(redeemed, null);

    public static RedeemOutcome RedeemedEarlier(HandoffContext context, DateTimeOffset redeemedAt) => new(null, HandoffRejectionReason.AlreadyUsed, context, redeemedAt);

    public static RedeemOutcome Rejected(HandoffRejectionReason reason) => new(null, reason);
}

using Handoff.Contracts.State;

namespace Handoff.ConversationState.Contexts;

/// <summary>What the redeem script decided. <see cref="Context"/> is set only for the token's owner.</summary>
public sealed record RedeemOutcome(HandoffContext? Context, HandoffRejectionReason? Rejection)
{
    public static RedeemOutcome Redeemed(HandoffContext context) => new(context, null);

    public static RedeemOutcome Rejected(HandoffRejectionReason reason) => new(null, reason);
}

using Handoff.Contracts.State;

namespace Handoff.Contracts.Events;

/// <summary>
/// The token could not be redeemed. Carries no context. <paramref name="Earlier"/> is set when the user is the token's
/// owner and redeemed it before (<paramref name="Reason"/> is then <see cref="HandoffRejectionReason.AlreadyUsed"/>,
/// which gateways that predate <paramref name="Earlier"/> still understand).
/// </summary>
public sealed record HandoffRejected(
    Guid CorrelationId,
    ConversationAddress Conversation,
    HandoffRejectionReason Reason,
    DateTimeOffset RequestedAt,
    string? Reference = null,
    EarlierRedemptionNotice? Earlier = null);

/// <summary>
/// A click on a link its owner had redeemed: which redemption that was, so the notice's claim can find where its task
/// stands now (<see cref="ClaimDeliveryRequest.EarlierOf"/>), and whether this click may say so (see <see cref="EarlierRedemption.Notify"/>).
/// </summary>
/// <param name="RedemptionId">Null in events published before it was carried (their context is ignored): the notice then says the chat no longer holds the task.</param>
public sealed record EarlierRedemptionNotice(string? RedemptionId, bool Notify)
{
    public static EarlierRedemptionNotice Of(EarlierRedemption earlier) => new(earlier.RedemptionId, earlier.Notify);
}

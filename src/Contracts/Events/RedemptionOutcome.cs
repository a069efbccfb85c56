using Handoff.Contracts.State;

namespace Handoff.Contracts.Events;

/// <summary>
/// What a redemption means for the user, as the event that tells them: one mapping for HandoffService (which
/// publishes it) and the gateway's brokerless path (which delivers it itself), so both say the same thing.
/// </summary>
public static class RedemptionOutcome
{
    /// <returns>A <see cref="HandoffContextRestored"/> when the token was redeemed, else a <see cref="HandoffRejected"/>.</returns>
    public static object For(HandoffRequested request, RedeemTokenResponse response) => response.Task is not null
        ? new HandoffContextRestored(request.CorrelationId, request.Conversation, request.RequestedAt, request.Reference)
        : new HandoffRejected(request.CorrelationId, request.Conversation, response.Rejection ?? HandoffRejectionReason.Unknown,
            request.RequestedAt, request.Reference, response.Earlier is { } earlier ? EarlierRedemptionNotice.Of(earlier) : null);

    /// <summary>The redemption could not be done at all (the state service refused it, or stayed away).</summary>
    public static HandoffRejected Failed(HandoffRequested request, HandoffRejectionReason reason) =>
        new(request.CorrelationId, request.Conversation, reason, request.RequestedAt, request.Reference);

    public static HandoffDelayed Delayed(HandoffRequested request) =>
        new(request.CorrelationId, request.Conversation, request.RequestedAt, request.Reference);
}

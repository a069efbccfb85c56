namespace Handoff.Contracts.Events;

/// <summary>
/// The token was redeemed: the handed-off task is now the conversation's active task. The event names the handoff, not
/// its context: the gateway's claim on the welcome (<see cref="State.ClaimDeliveryRequest"/>) gets the task from
/// ConversationState, so nothing the user asked for waits in a queue (durable, or <c>_error</c>) out of reach of "forget me".
/// </summary>
/// <param name="CorrelationId">The handoff, and the redemption's id (<c>N</c> format): the task is welcomed while it is still the one this redemption made active.</param>
public sealed record HandoffContextRestored(
    Guid CorrelationId,
    ConversationAddress Conversation,
    DateTimeOffset RequestedAt,
    string? Reference = null);

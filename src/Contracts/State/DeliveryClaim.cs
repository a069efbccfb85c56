using System.Text.Json.Serialization;

namespace Handoff.Contracts.State;

/// <summary>Whether the caller may send a handoff's outcome to the user now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryClaim>))]
public enum DeliveryClaim
{
    /// <summary>Send it, then complete the delivery (or release it if sending failed).</summary>
    Claimed,

    /// <summary>Someone else is sending it right now; try again shortly.</summary>
    InProgress,

    /// <summary>The user has been told already: send nothing.</summary>
    AlreadySent,
}

/// <param name="Task">For a claim that asked for <see cref="ClaimDeliveryRequest.TaskOf"/> and got <see cref="DeliveryClaim.Claimed"/>:
/// the conversation's active task, while the redemption named is the one that made it active; null when it is not (forgotten,
/// replaced by a newer handoff, switched away from, or ended with the conversation).</param>
/// <param name="Earlier">For a claim that asked for <see cref="ClaimDeliveryRequest.EarlierOf"/> and got <see cref="DeliveryClaim.Claimed"/>:
/// where that redemption's task stands in the conversation (active or kept), with its context; null when the conversation holds it no more.</param>
public sealed record DeliveryClaimResponse(DeliveryClaim Claim, ActiveTask? Task = null, EarlierRedemption? Earlier = null);

/// <summary>
/// A claim that carries the caller's earlier sends: <paramref name="Sent"/> are deliveries it has sent since its last
/// call, marked sent before the claim is answered, so a busy sender marks its sends without a call of their own.
/// A welcome's claim also names its task (<paramref name="TaskOf"/>), and an "already continuing" notice's the task of the
/// earlier redemption (<paramref name="EarlierOf"/>), which the answer carries: the outcome event holds a reference, never
/// the context, and the notice costs no call of its own.
/// <paramref name="Holder"/> names the claimant (a gateway process): a claim on a lease the same holder holds is granted
/// again, since that holder's earlier claim was won but its answer lost (a timeout), and the holder attempts each delivery
/// once at a time. A claim without a holder never takes a held lease.
/// </summary>
public sealed record ClaimDeliveryRequest(IReadOnlyList<string> Sent, TaskOfRedemption? TaskOf = null, TaskOfRedemption? EarlierOf = null,
    string? Holder = null)
{
    /// <summary>The most marks one claim may carry.</summary>
    public const int MostSent = 100;
}

/// <summary>
/// How long a claim holds without renewal. The sender renews it every <see cref="RenewEvery"/> while it sends,
/// so a slow send keeps its claim and a sender that crashed lets a redelivery take over within the lease.
/// </summary>
public static class DeliveryLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);
}

/// <summary>The task a redemption made a conversation's active one: what a welcome's claim asks for.</summary>
public sealed record TaskOfRedemption(string ConversationId, string RedemptionId);

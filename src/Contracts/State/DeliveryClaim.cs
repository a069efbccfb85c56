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

public sealed record DeliveryClaimResponse(DeliveryClaim Claim);

/// <summary>
/// A claim that carries the caller's earlier sends: <paramref name="Sent"/> are deliveries it has sent since its last
/// call, marked sent before the claim is answered, so a busy sender marks its sends without a call of their own.
/// </summary>
public sealed record ClaimDeliveryRequest(IReadOnlyList<string> Sent)
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

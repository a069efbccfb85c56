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

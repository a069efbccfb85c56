using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>Section <c>Delivery</c>: how the outcome consumer takes outcomes from RabbitMQ.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>
    /// Outcomes in hand at once (RabbitMQ's prefetch and the consumer's concurrency). Most of them wait for their
    /// tenant's or conversation's turn at the Bot Connector (a timer, not a thread), so this is sized for waiting, not
    /// for work: 64 let one tenant's backlog at its 50 sends/s fill every slot and hold up the other tenants' welcomes
    /// queued behind it; 2,000 hold 40 s of one tenant's sends. A backlog deeper than this still delays the others.
    /// </summary>
    [Range(1, 10_000)]
    public int OutcomesInHand { get; set; } = 2_000;

    /// <summary>
    /// How long a welcome's mark "sent" waits for this gateway's next claim to carry it before it is sent on its own
    /// (<see cref="SentDeliveries"/>). Longer saves calls to the state service when clicks are sparse; it is bounded well
    /// inside the claim's lease, which holds other replicas off until the mark lands.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan SentMarkLinger { get; set; } = TimeSpan.FromMilliseconds(20);
}

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
}

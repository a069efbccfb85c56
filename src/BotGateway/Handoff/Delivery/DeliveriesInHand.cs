using System.Collections.Concurrent;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// The deliveries this gateway is attempting right now, and the holder name its claims carry
/// (<see cref="ClaimDeliveryRequest.Holder"/>). The name lets a retry take back a lease its own timed-out claim won,
/// instead of waiting out the lease behind itself (the overload's retry storm); the set keeps two copies of one event
/// in this gateway (a redelivery, a replayed redemption) from both taking it under the one name.
/// </summary>
public sealed class DeliveriesInHand
{
    private readonly ConcurrentDictionary<string, bool> _attempting = new(StringComparer.Ordinal);

    /// <summary>Unique to this gateway process: a gateway that restarts is another holder, and waits out its old leases.</summary>
    public string Holder { get; } = Guid.NewGuid().ToString("N");

    /// <returns>False when this gateway is attempting it already.</returns>
    public bool TryTake(string deliveryId) => _attempting.TryAdd(deliveryId, true);

    public void Done(string deliveryId) => _attempting.TryRemove(deliveryId, out _);
}

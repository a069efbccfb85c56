using Handoff.Contracts.State;
using MassTransit;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>How a consumer that delivers once (<see cref="OutcomeDelivery"/>) retries: the same for every such endpoint.</summary>
public static class DeliveryRetryPolicy
{
    public static readonly TimeSpan InProgressRetryInterval = TimeSpan.FromSeconds(2);

    /// <param name="attempts">Retries of anything else (the state service or the connector down), backing off up to 15 s each.</param>
    public static void UseOnceOnlyDeliveryRetry(this IReceiveEndpointConfigurator endpoint, int attempts)
    {
        // A delivery another sender holds waits out its lease (a sender that died frees it within DeliveryLease.Duration).
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<DeliveryInProgressException>();
            retry.Interval((int)(DeliveryLease.Duration * 2 / InProgressRetryInterval), InProgressRetryInterval);
        });
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<DeliveryInProgressException>();
            retry.Exponential(attempts, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));
        });
    }
}

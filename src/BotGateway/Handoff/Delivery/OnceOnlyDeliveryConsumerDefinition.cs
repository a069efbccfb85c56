using Handoff.Contracts.State;
using MassTransit;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// The endpoint policy every consumer that delivers once (<see cref="OutcomeDelivery"/>) shares: a queue, how many
/// messages are in hand at once (prefetched and consumed alike: they mostly wait on I/O, not threads), and how a failed
/// delivery is retried. A delivery another sender holds waits out its lease; anything else backs off.
/// </summary>
public abstract class OnceOnlyDeliveryConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public static readonly TimeSpan InProgressRetryInterval = TimeSpan.FromSeconds(2);

    private readonly int _inHand;
    private readonly int _attempts;

    /// <param name="attempts">Retries of anything but a held delivery (the state service or the connector down), backing off up to 15 s each.</param>
    protected OnceOnlyDeliveryConsumerDefinition(string queue, int inHand, int attempts)
    {
        _inHand = inHand;
        _attempts = attempts;
        EndpointName = queue;
        // Where endpoints are made from definitions (the test harness); DurableReceiveEndpoint's comes from ConfigureConsumer.
        Endpoint(endpoint =>
        {
            endpoint.PrefetchCount = inHand;
            endpoint.ConcurrentMessageLimit = inHand;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _inHand;
        endpointConfigurator.ConcurrentMessageLimit = _inHand;
        // A sender that died frees its lease within DeliveryLease.Duration: waiting twice that covers it.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<DeliveryInProgressException>();
            retry.Interval((int)(DeliveryLease.Duration * 2 / InProgressRetryInterval), InProgressRetryInterval);
        });
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<DeliveryInProgressException>();
            retry.Exponential(_attempts, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));
        });
    }
}

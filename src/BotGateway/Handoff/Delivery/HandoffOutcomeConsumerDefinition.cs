using Handoff.Contracts;
using Handoff.Contracts.State;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// The outcome endpoint's policy, in one place: its queue, how many outcomes are in hand at once
/// (<see cref="DeliveryOptions.OutcomesInHand"/>), and how a failed delivery is retried.
/// </summary>
public sealed class HandoffOutcomeConsumerDefinition : ConsumerDefinition<HandoffOutcomeConsumer>
{
    private readonly int _inHand;

    public HandoffOutcomeConsumerDefinition(IOptions<DeliveryOptions> options)
    {
        _inHand = options.Value.OutcomesInHand;
        EndpointName = EndpointNames.HandoffOutcomes;
        // Where endpoints are made from definitions (the test harness); DurableReceiveEndpoint's comes from ConfigureConsumer.
        Endpoint(endpoint =>
        {
            endpoint.PrefetchCount = _inHand;
            endpoint.ConcurrentMessageLimit = _inHand;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<HandoffOutcomeConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _inHand;
        endpointConfigurator.ConcurrentMessageLimit = _inHand;
        // An outcome another sender holds waits out its lease (a sender that died frees it within DeliveryLease.Duration).
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<DeliveryInProgressException>();
            retry.Interval((int)(DeliveryLease.Duration * 2 / InProgressRetryInterval), InProgressRetryInterval);
        });
        // Anything else (the state service or the connector down) backs off for about two minutes before giving up.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<DeliveryInProgressException>();
            retry.Exponential(12, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));
        });
    }

    public static readonly TimeSpan InProgressRetryInterval = TimeSpan.FromSeconds(2);
}

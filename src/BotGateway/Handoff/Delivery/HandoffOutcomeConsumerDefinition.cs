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
        // An outcome another sender holds waits out its lease; anything else backs off for about two minutes before giving up.
        endpointConfigurator.UseOnceOnlyDeliveryRetry(attempts: 12);
    }

    public static TimeSpan InProgressRetryInterval => DeliveryRetryPolicy.InProgressRetryInterval;
}

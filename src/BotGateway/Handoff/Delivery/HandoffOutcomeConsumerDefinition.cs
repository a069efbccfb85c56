using Handoff.Contracts;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// The outcome endpoint: its queue, <see cref="DeliveryOptions.OutcomesInHand"/> in hand at once, and about two minutes
/// of backing off before a delivery that keeps failing is given up.
/// </summary>
public sealed class HandoffOutcomeConsumerDefinition(IOptions<DeliveryOptions> options)
    : OnceOnlyDeliveryConsumerDefinition<HandoffOutcomeConsumer>(EndpointNames.HandoffOutcomes, options.Value.OutcomesInHand, attempts: 12);

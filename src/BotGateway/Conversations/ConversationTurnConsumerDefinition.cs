using Handoff.BotGateway.Handoff.Delivery;
using Handoff.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// The turn endpoint's policy: its queue, how many turns are answered at once, and how a failed one is retried. A turn
/// another worker holds (a redelivery while it still answers, or one whose worker died) waits out the claim's lease; one
/// whose answer could not be sent (the connector down) is tried again for about a minute.
/// </summary>
public sealed class ConversationTurnConsumerDefinition : ConsumerDefinition<ConversationTurnConsumer>
{
    /// <summary>A turn mostly waits for its model: this many are in hand per gateway, not threads.</summary>
    public const int TurnsInHand = 256;

    public ConversationTurnConsumerDefinition(IOptions<ConversationTurnOptions> options)
    {
        EndpointName = options.Value.Queue;
        Endpoint(endpoint =>
        {
            endpoint.PrefetchCount = TurnsInHand;
            endpoint.ConcurrentMessageLimit = TurnsInHand;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ConversationTurnConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = TurnsInHand;
        endpointConfigurator.ConcurrentMessageLimit = TurnsInHand;
        endpointConfigurator.UseOnceOnlyDeliveryRetry(attempts: 8);
    }
}

public static class ConversationTurnMessaging
{
    public static void AddConversationTurnConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ConversationTurnConsumer, ConversationTurnConsumerDefinition>();

    public static void ConversationTurnEndpoint(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context) =>
        rabbit.DurableReceiveEndpoint(context, context.GetRequiredService<IOptions<ConversationTurnOptions>>().Value.Queue,
            endpoint => endpoint.ConfigureConsumer<ConversationTurnConsumer>(context));
}

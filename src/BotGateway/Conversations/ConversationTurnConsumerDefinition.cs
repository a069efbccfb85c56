using Handoff.BotGateway.Handoff.Delivery;
using Handoff.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Conversations;

/// <summary>
/// The turn endpoint: its queue and <see cref="TurnsInHand"/> turns answered at once. A turn another worker holds (a
/// redelivery while it still answers, or one whose worker died) waits out the claim's lease; one whose answer could not
/// be sent (the connector down) is tried again for about a minute.
/// </summary>
public sealed class ConversationTurnConsumerDefinition(IOptions<ConversationTurnOptions> options)
    : OnceOnlyDeliveryConsumerDefinition<ConversationTurnConsumer>(options.Value.Queue, TurnsInHand, attempts: 8)
{
    /// <summary>A turn mostly waits for its model: this many are in hand per gateway, not threads.</summary>
    public const int TurnsInHand = 256;
}

public static class ConversationTurnMessaging
{
    public static void AddConversationTurnConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ConversationTurnConsumer, ConversationTurnConsumerDefinition>();

    public static void ConversationTurnEndpoint(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context) =>
        rabbit.DurableReceiveEndpoint(context, context.GetRequiredService<IOptions<ConversationTurnOptions>>().Value.Queue,
            endpoint => endpoint.ConfigureConsumer<ConversationTurnConsumer>(context));
}

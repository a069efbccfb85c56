using Handoff.BotGateway.Conversations;
using Handoff.Contracts;
using Handoff.ServiceDefaults;
using Handoff.ServiceDefaults.Messaging;
using MassTransit;

namespace Handoff.BotGateway.Handoff.Delivery;

public static class DeliveryRegistration
{
    /// <summary>
    /// Telling the user how their handoff went, exactly once: the outcome consumer on RabbitMQ (its policy in
    /// <see cref="HandoffOutcomeConsumerDefinition"/>), the once-only claims, the brokerless path and the retries.
    /// </summary>
    public static WebApplicationBuilder AddHandoffDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DeliveryOptions>(DeliveryOptions.SectionName);
        builder.Services.AddTransient<OutcomeDelivery>();
        builder.Services.AddSingleton<SentDeliveries>();
        builder.Services.AddSingleton<DeliveriesInHand>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SentDeliveries>());
        builder.Services.AddSingleton<BackgroundRetries>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BackgroundRetries>());
        builder.Services.AddTransient<OutcomeNotifier>();
        builder.Services.AddTransient<BrokerlessRedemption>();
        // The gateway's one bus: the conversation turns' consumer rides on it (Conversations/ConversationTurnConsumerDefinition).
        builder.AddMessaging(ResourceNames.RabbitMq,
            bus =>
            {
                bus.AddConsumer<HandoffOutcomeConsumer, HandoffOutcomeConsumerDefinition>();
                bus.AddConversationTurnConsumer();
            },
            (context, rabbit) =>
            {
                rabbit.DurableReceiveEndpoint(context, EndpointNames.HandoffOutcomes,
                    endpoint => endpoint.ConfigureConsumer<HandoffOutcomeConsumer>(context));
                rabbit.ConversationTurnEndpoint(context);
            });
        return builder;
    }
}

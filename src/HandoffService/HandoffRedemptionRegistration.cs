using Handoff.Contracts;
using Handoff.Contracts.Clients;
using Handoff.HandoffService.Observability;
using Handoff.HandoffService.Redemption;
using Handoff.ServiceDefaults.Diagnostics;
using Handoff.ServiceDefaults;
using Handoff.ServiceDefaults.Messaging;
using Handoff.ServiceDefaults.StateClient;
using MassTransit;

namespace Handoff.HandoffService;

public static class HandoffRedemptionRegistration
{
    public static IHostApplicationBuilder AddHandoffRedemption(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConversationStateClient();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHandoffJournal();
        builder.Services.AddSingleton<RedemptionMetrics>();
        builder.Services.AddHostedService<RabbitMqQueueProbe>();
        builder.Services.AddValidatedOptions<RedemptionOptions>(RedemptionOptions.SectionName);
        builder.AddMessaging(ResourceNames.RabbitMq,
            bus => bus.AddConsumer<HandoffRequestedConsumer, HandoffRequestedConsumerDefinition>(),
            (context, rabbit) => rabbit.DurableReceiveEndpoint(context, EndpointNames.HandoffRequests,
                endpoint => endpoint.ConfigureConsumer<HandoffRequestedConsumer>(context)));
        return builder;
    }
}

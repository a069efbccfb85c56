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
        var retryIntervals = (builder.Configuration.GetSection(RedemptionOptions.SectionName).Get<RedemptionOptions>() ?? new RedemptionOptions())
            .EffectiveRetryIntervals;
        builder.AddMessaging(ResourceNames.RabbitMq,
            bus => bus.AddConsumer<HandoffRequestedConsumer>(),
            (context, rabbit) => rabbit.DurableReceiveEndpoint(context, EndpointNames.HandoffRequests, endpoint =>
            {
                // Redemption is I/O-bound (one HTTP call); let many run at once on two cores.
                endpoint.PrefetchCount = 128;
                endpoint.ConcurrentMessageLimit = 64;
                endpoint.UseMessageRetry(retry => retry.Intervals(retryIntervals));
                endpoint.ConfigureConsumer<HandoffRequestedConsumer>(context);
            }));
        return builder;
    }
}

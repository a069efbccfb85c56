using Handoff.Contracts;
using Handoff.ConversationState.Api;
using Handoff.ConversationState.Contexts;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Deliveries;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Journal;
using Handoff.ConversationState.Observability;
using Microsoft.Extensions.Options;
using Handoff.ConversationState.Privacy;
using Handoff.ConversationState.Quotas;
using Handoff.ConversationState.Storage;
using Handoff.ServiceDefaults;

namespace Handoff.ConversationState;

public static class ConversationStateRegistration
{
    public static WebApplicationBuilder AddConversationState(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<StateOptions>(StateOptions.SectionName).DefaultReplicaAcksByTopology();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddRedisConnection(ResourceNames.Redis);
        builder.Services.AddSingleton<ReplicaAcknowledgement>();
        builder.Services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>();
        builder.Services.AddSingleton<ContextProtector>();
        builder.Services.AddSingleton<HandoffQuota>();
        builder.Services.AddSingleton<HandoffContextStore>();
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddSingleton<OutcomeDeliveryStore>();
        builder.Services.AddSingleton<UserErasure>();
        builder.Services.AddSingleton<HandoffJournalStore>();
        builder.Services.AddSingleton<StateMetrics>();
        builder.Services.AddHostedService<RedisLatencyProbe>();
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJson.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Unreadable JSON reaches ApiExceptionHandler, which answers 400 with the reason in every environment.
        builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        return builder;
    }
}

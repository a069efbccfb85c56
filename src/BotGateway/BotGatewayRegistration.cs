using Handoff.BotGateway.Admin;
using Handoff.BotGateway.Agents;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.BotFramework.Connector.Pacing;
using Handoff.BotGateway.Conversations;
using Handoff.BotGateway.Handoff.Feedback;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Observability;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.RateLimiting;
using Handoff.Contracts.Clients;
using Handoff.ServiceDefaults;
using Handoff.ServiceDefaults.Diagnostics;
using Handoff.ServiceDefaults.Messaging;
using Handoff.ServiceDefaults.StateClient;
using Handoff.ServiceDefaults.Observability;
using MassTransit;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway;

public static class BotGatewayRegistration
{
    /// <summary>The Bot Framework protocol: identity, inbound authentication, the connector, the default port 3978.</summary>
    public static WebApplicationBuilder AddBotFramework(this WebApplicationBuilder builder)
    {
        // Every Bot Framework bot listens on 3978 unless told otherwise (ASPNETCORE_URLS, --urls, or the container
        // images' ASPNETCORE_HTTP_PORTS, which UseUrls would otherwise override with a loopback-only address).
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"])
            && string.IsNullOrWhiteSpace(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls("http://localhost:3978");
        }

        builder.Services.AddOptions<BotIdentityOptions>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BotIdentityOptions>, BotIdentityOptionsValidator>();
        builder.Services.AddHostedService<DevelopmentModeAnnouncer>();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, DevelopmentModeLoopback>();
        builder.Services.AddSingleton<AuthenticationMetrics>();
        builder.Services.AddSingleton<OpenIdMetadataCache>();
        builder.Services.AddHttpClient(OpenIdMetadataCache.HttpClientName);
        builder.Services.AddHttpClient(MsalConnectorCredentials.HttpClientName);
        // Development mode (no MicrosoftAppId) is refused outside Development by BotIdentityOptionsValidator.
        builder.Services.AddSingleton<DevelopmentModeAuthenticator>();
        builder.Services.AddSingleton<BotFrameworkAuthenticator>();
        builder.Services.AddSingleton<IInboundAuthenticator>(services =>
            services.GetRequiredService<IOptions<BotIdentityOptions>>().Value.IsDevelopmentMode
                ? services.GetRequiredService<DevelopmentModeAuthenticator>()
                : services.GetRequiredService<BotFrameworkAuthenticator>());
        builder.Services.AddSingleton<IConnectorCredentials>(services =>
            services.GetRequiredService<IOptions<BotIdentityOptions>>().Value.IsDevelopmentMode
                ? new DevelopmentConnectorCredentials()
                : ActivatorUtilities.CreateInstance<MsalConnectorCredentials>(services));

        var development = builder.Environment.IsDevelopment();
        builder.Services.Configure<ConnectorOptions>(connector => connector.AllowLoopback = development);
        builder.Services.AddValidatedOptions<ConnectorOptions>(ConnectorOptions.SectionName);
        builder.Services.AddSingleton<ServiceUrlPolicy>();
        builder.Services.AddSpanUrlTemplates(BotConnectorClient.PathTemplates);
        builder.Services.AddSingleton<ConnectorMetrics>();
#pragma warning disable EXTEXP0001 // The connector needs its own retry policy instead of the service-wide default.
        builder.AddOutboundPacing();
        var connectorClient = builder.Services.AddHttpClient<BotConnectorClient>().RemoveAllResilienceHandlers()
            // A redirect would take the bearer token and the activity to a host the serviceUrl allow-list never saw.
            .UseSocketsHttpHandler((handler, _) => handler.AllowAutoRedirect = false);
        connectorClient.AddResilienceHandler("bot-connector", ConnectorResilience.Configure);
        // Added after the retry pipeline, so it is inside it: every attempt waits for the rate limit.
        connectorClient.AddHttpMessageHandler<OutboundRateLimitHandler>();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<BackgroundSends>();
        builder.Services.AddValidatedOptions<InboundRateLimitOptions>(InboundRateLimitOptions.SectionName);
        builder.Services.AddSingleton<InboundRateLimiter>();
        builder.Services.AddSingleton<RateLimitedActivityResponder>();
        builder.Services.AddHostedService<BackgroundSender>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HandoffMetrics>();
        builder.Services.AddConversationStateClient();
        builder.Services.AddHandoffJournal();
        return builder;
    }

    public static WebApplicationBuilder AddHandoffInitiation(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<HandoffPolicyOptions>(HandoffPolicyOptions.SectionName);
        builder.Services.AddSingleton<TenantPolicy>();
        builder.Services.AddValidatedOptions<DeepLinkOptions>(DeepLinkOptions.SectionName);
        builder.Services.AddValidatedOptions<CatalogueOptions>(CatalogueOptions.SectionName);
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.PostConfigure<CatalogueOptions>(catalogue =>
            catalogue.CatalogueFile = string.IsNullOrWhiteSpace(catalogue.CatalogueFile) ? null : Path.GetFullPath(catalogue.CatalogueFile, contentRoot));
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<CatalogueOptions>>().Value.CatalogueFile is { } file
            ? TaskCatalogue.LoadFile(file)
            : TaskCatalogue.LoadEmbedded());
        // TryAdd: a team's AddHandoffSearch<T>() may come before AddHandoffGateway() as well as after it.
        builder.Services.TryAddTransient<IHandoffSearch, CatalogueSearch>();
        builder.Services.AddTransient<CheckedHandoffSearch>();
        builder.Services.AddTransient<HandoffMinter>();
        builder.Services.AddTransient<ComposeExtensionQueryHandler>();
        builder.Services.AddTransient<SelectItemHandler>();
        return builder;
    }

    public static WebApplicationBuilder AddHandoffResumption(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddTransient<IHandoffWelcome, StepsWelcome>();
        builder.Services.AddTransient<HandoffActionHandler>();
        builder.Services.AddSingleton<TypingIndicator>();
        builder.Services.AddTransient<QueryTraceLink>();
        builder.Services.AddTransient<HandoffFeedbackHandler>();
        return builder;
    }

    public static WebApplicationBuilder AddConversationTurns(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminOptions>(AdminOptions.SectionName);
        builder.Services.AddValidatedOptions<ConversationTurnOptions>(ConversationTurnOptions.SectionName);
        builder.Services.AddTransient<MessageTurnHandler>();
        builder.Services.AddTransient<ConversationTurnWorker>();
        builder.Services.AddTransient<AnswerStream>();
        builder.Services.AddSingleton<BrokerlessTurns>();
        builder.Services.AddTransient<AgentFeedbackHandler>();
        builder.AddDefaultConversationAgent();
        builder.Services.AddTransient<InstallationWelcome>();
        builder.Services.AddTransient<CopilotChatTurn>();
        return builder;
    }
}

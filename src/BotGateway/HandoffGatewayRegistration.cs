using Handoff.BotGateway.Admin;
using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.Handoff.Delivery;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.BotGateway;

/// <summary>
/// The gateway as a team's own project uses it (ADR 0025): <c>builder.AddHandoffGateway()</c> and
/// <c>app.MapHandoffGateway()</c> give the whole gateway with today's behaviour, and <see cref="AddHandoffSearch{TSearch}"/>,
/// <see cref="AddHandoffWelcome{TWelcome}"/> and <c>AddConversationAgent&lt;TAgent&gt;()</c> replace its pieces.
/// </summary>
public static class HandoffGatewayRegistration
{
    /// <summary>Everything the gateway needs: the service defaults, the Bot Framework protocol, the handoff and the conversation.</summary>
    public static WebApplicationBuilder AddHandoffGateway(this WebApplicationBuilder builder)
    {
        builder.AddGatewayConfigurationDefaults();
        builder.AddServiceDefaults();
        builder.AddBotFramework();
        builder.AddHandoffInitiation();
        builder.AddHandoffResumption();
        builder.AddHandoffDelivery();
        builder.AddConversationTurns();
        return builder;
    }

    /// <summary>The gateway's endpoints: health, <c>/api/messages</c> and the admin API.</summary>
    public static WebApplication MapHandoffGateway(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapBotMessages();
        app.MapAdminEndpoints();
        return app;
    }

    /// <summary>The message extension's results come from <typeparamref name="TSearch"/> in place of the task catalogue.</summary>
    public static IServiceCollection AddHandoffSearch<TSearch>(this IServiceCollection services) where TSearch : class, IHandoffSearch =>
        services.Replace(ServiceDescriptor.Transient<IHandoffSearch, TSearch>());

    /// <summary>The first reply after a redeemed handoff is written by <typeparamref name="TWelcome"/>.</summary>
    public static IServiceCollection AddHandoffWelcome<TWelcome>(this IServiceCollection services) where TWelcome : class, IHandoffWelcome =>
        services.Replace(ServiceDescriptor.Transient<IHandoffWelcome, TWelcome>());
}

using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Handoff.Resumption;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests.Extensibility;

/// <summary>What a team's Program.cs registers: its pieces replace the defaults whether written before or after <c>AddHandoffGateway()</c>.</summary>
public sealed class GatewayRegistrationTests
{
    [Fact]
    public void Without_a_teams_pieces_the_gateway_has_todays_search_and_welcome()
    {
        var builder = Builder();

        builder.AddHandoffGateway();

        Assert.Equal(typeof(CatalogueSearch), Single<IHandoffSearch>(builder));
        Assert.Equal(typeof(StepsWelcome), Single<IHandoffWelcome>(builder));
    }

    [Fact]
    public void A_teams_search_and_welcome_replace_the_defaults_after_AddHandoffGateway()
    {
        var builder = Builder();

        builder.AddHandoffGateway();
        builder.Services.AddHandoffSearch<OrderSearch>();
        builder.Services.AddHandoffWelcome<NoWelcome>();

        Assert.Equal(typeof(OrderSearch), Single<IHandoffSearch>(builder));
        Assert.Equal(typeof(NoWelcome), Single<IHandoffWelcome>(builder));
    }

    [Fact]
    public void A_teams_search_and_welcome_written_before_AddHandoffGateway_are_kept()
    {
        var builder = Builder();

        builder.Services.AddHandoffSearch<OrderSearch>();
        builder.Services.AddHandoffWelcome<NoWelcome>();
        builder.AddHandoffGateway();

        Assert.Equal(typeof(OrderSearch), Single<IHandoffSearch>(builder));
        Assert.Equal(typeof(NoWelcome), Single<IHandoffWelcome>(builder));
    }

    private static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        // Parsed at registration, never connected to.
        builder.Configuration["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@127.0.0.1:1/";
        return builder;
    }

    private static Type? Single<TService>(WebApplicationBuilder builder) =>
        Assert.Single(builder.Services, service => service.ServiceType == typeof(TService)).ImplementationType;

    private sealed class NoWelcome : IHandoffWelcome
    {
        public Task<HandoffWelcomeMessage> ComposeAsync(Contracts.State.ActiveTask task, string locale, CancellationToken cancellationToken) =>
            Task.FromResult(new HandoffWelcomeMessage("", []));
    }
}

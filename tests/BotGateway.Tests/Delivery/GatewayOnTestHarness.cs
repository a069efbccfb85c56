using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Delivery;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>
/// The whole gateway with MassTransit's in-memory test harness in place of RabbitMQ (its consumers and their
/// definitions as registered), a recording Bot Connector, and the state service's delivery claims on loopback.
/// </summary>
internal sealed class GatewayOnTestHarness : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private GatewayOnTestHarness(WebApplicationFactory<Program> factory, RecordingConnector connector, StateServiceStandIn state)
    {
        _factory = factory;
        Connector = connector;
        State = state;
    }

    public RecordingConnector Connector { get; }

    public StateServiceStandIn State { get; }

    public ITestHarness Harness => _factory.Services.GetTestHarness();

    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// A redemption's outcome as HandoffService publishes it: <paramref name="task"/> made the conversation's active one in
    /// the state service, the event naming the handoff only.
    /// </summary>
    public HandoffContextRestored Redeemed(ConversationAddress address, ActiveTask task, string? reference = null) =>
        Redeemed(new HandoffRequested(Guid.NewGuid(), "token", address.UserId, address.TenantId ?? "tenant-1", address, DateTimeOffset.UtcNow, reference), task);

    /// <summary>The outcome of redeeming <paramref name="request"/> (a click the gateway published) for <paramref name="task"/>.</summary>
    public HandoffContextRestored Redeemed(HandoffRequested request, ActiveTask task)
    {
        State.Activate(request.Conversation.ConversationId, request.CorrelationId, task);
        return (HandoffContextRestored)RedemptionOutcome.For(request, new RedeemTokenResponse(task, null));
    }

    /// <summary>A client of the gateway's <c>/api/messages</c>, as Teams posts to it.</summary>
    public HttpClient CreateClient() => _factory.CreateClient();

    /// <param name="outcomesInHand"><see cref="DeliveryOptions.OutcomesInHand"/>; null for its default.</param>
    /// <param name="sendsPerSecondPerTenant">The tenant's limit at the Bot Connector; null for Teams' 50.</param>
    /// <param name="sentMarkLinger"><see cref="DeliveryOptions.SentMarkLinger"/>; null for its default.</param>
    /// <param name="services">Registrations after the gateway's own (a team's welcome, say); null for none.</param>
    public static async Task<GatewayOnTestHarness> StartAsync(int? outcomesInHand = null, int? sendsPerSecondPerTenant = null,
        TimeSpan? sentMarkLinger = null, Action<IServiceCollection>? services = null)
    {
        var connector = await RecordingConnector.StartAsync();
        var state = await StateServiceStandIn.StartAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            // Read (and parsed) at registration, never connected to: the harness replaces the RabbitMQ transport.
            web.UseSetting("ConnectionStrings:rabbitmq", "amqp://guest:guest@127.0.0.1:1/");
            web.UseSetting("services:conversationstate:http:0", state.Url.AbsoluteUri.TrimEnd('/'));
            web.WithUncheckedStateCallerKey();
            if (outcomesInHand is { } inHand)
            {
                web.UseSetting($"{DeliveryOptions.SectionName}:{nameof(DeliveryOptions.OutcomesInHand)}", $"{inHand}");
            }

            if (sentMarkLinger is { } linger)
            {
                web.UseSetting($"{DeliveryOptions.SectionName}:{nameof(DeliveryOptions.SentMarkLinger)}", $"{linger:c}");
            }

            if (sendsPerSecondPerTenant is { } limit)
            {
                web.UseSetting($"{ConnectorOptions.SectionName}:{nameof(ConnectorOptions.SendsPerSecondPerTenant)}", $"{limit}");
            }

            web.ConfigureTestServices(registrations =>
            {
                registrations.AddMassTransitTestHarness(bus => bus.SetTestTimeouts(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)));
                // Outcomes still waiting for their turn are abandoned at the end of a test, not sent.
                registrations.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
                services?.Invoke(registrations);
            });
        });
        _ = factory.Server;
        var gateway = new GatewayOnTestHarness(factory, connector, state);
        await gateway.Harness.Start();
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Connector.DisposeAsync();
        await State.DisposeAsync();
    }
}

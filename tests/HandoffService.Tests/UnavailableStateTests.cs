using System.Threading.Channels;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.HandoffService.Redemption;
using Handoff.Hosting.Infrastructure;
using Handoff.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.HandoffService.Tests;

/// <summary>HandoffService on a real RabbitMQ when ConversationState cannot be reached.</summary>
public sealed class UnavailableStateTests(RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task When_the_state_service_stays_down_the_user_is_told_it_is_unavailable_not_left_waiting()
    {
        await using var service = new WebApplicationFactory<HandoffRequestedConsumer>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq.ConnectionString);
            web.UseSetting("services:conversationstate:http:0", $"http://127.0.0.1:{LoopbackPorts.Free()}");
        });
        _ = service.Server;
        var outcomes = Channel.CreateUnbounded<HandoffRejected>();
        using var observer = await StartObserverAsync(rabbitMq.ConnectionString, outcomes.Writer);
        var requested = new HandoffRequested(Guid.NewGuid(), "token", "aad-1", "tenant-1", "f:1",
            new ConversationAddress("msteams", "https://smba.trafficmanager.net/amer/", "a:1", "28:bot", "29:user", "f:1"),
            DateTimeOffset.UtcNow);

        await observer.Services.GetRequiredService<IPublishEndpoint>().Publish(requested, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var rejected = await outcomes.Reader.ReadAsync(timeout.Token);

        Assert.Equal(requested.CorrelationId, rejected.CorrelationId);
        Assert.Equal(HandoffRejectionReason.StateUnavailable, rejected.Reason);
        Assert.Equal(requested.Conversation, rejected.Conversation);
    }

    private static async Task<IHost> StartObserverAsync(string rabbitMqConnectionString, ChannelWriter<HandoffRejected> outcomes)
    {
        var uri = new Uri(rabbitMqConnectionString);
        var host = Host.CreateDefaultBuilder().ConfigureServices(services =>
        {
            services.AddSingleton(outcomes);
            services.AddMassTransit(bus =>
            {
                bus.AddConsumer<RejectionRecorder>();
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(uri.Host, (ushort)uri.Port, "/", h => { h.Username("guest"); h.Password("guest"); });
                    rabbit.ReceiveEndpoint($"test-observer-{Guid.NewGuid():N}", endpoint =>
                    {
                        endpoint.AutoDelete = true;
                        endpoint.ConfigureConsumer<RejectionRecorder>(context);
                    });
                });
            });
        }).Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return host;
    }

    private sealed class RejectionRecorder(ChannelWriter<HandoffRejected> outcomes) : IConsumer<HandoffRejected>
    {
        public async Task Consume(ConsumeContext<HandoffRejected> context) => await outcomes.WriteAsync(context.Message);
    }
}

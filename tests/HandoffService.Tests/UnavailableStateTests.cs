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
        await using var observer = await TestBus.StartAsync(rabbitMq.ConnectionString, (services, bus) =>
        {
            services.AddSingleton(outcomes.Writer);
            bus.AddConsumer<RejectionRecorder>();
        });
        var requested = new HandoffRequested(Guid.NewGuid(), "token", "aad-1", "tenant-1", "f:1",
            new ConversationAddress("msteams", "https://smba.trafficmanager.net/amer/", "a:1", "28:bot", "29:user", "f:1"),
            DateTimeOffset.UtcNow);

        await observer.Publisher.Publish(requested, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var rejected = await outcomes.Reader.ReadAsync(timeout.Token);

        Assert.Equal(requested.CorrelationId, rejected.CorrelationId);
        Assert.Equal(HandoffRejectionReason.StateUnavailable, rejected.Reason);
        Assert.Equal(requested.Conversation, rejected.Conversation);
    }

    private sealed class RejectionRecorder(ChannelWriter<HandoffRejected> outcomes) : IConsumer<HandoffRejected>
    {
        public async Task Consume(ConsumeContext<HandoffRejected> context) => await outcomes.WriteAsync(context.Message);
    }
}

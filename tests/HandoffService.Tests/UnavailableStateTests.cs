using System.Threading.Channels;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.HandoffService.Redemption;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.HandoffService.Tests;

/// <summary>HandoffService on a real RabbitMQ when ConversationState cannot be reached.</summary>
public sealed class UnavailableStateTests(RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task When_the_state_service_stays_down_the_user_hears_first_that_it_is_delayed_then_that_it_failed()
    {
        await using var service = new WebApplicationFactory<HandoffRequestedConsumer>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq.ConnectionString);
            web.UseSetting("services:conversationstate:http:0", $"http://127.0.0.1:{LoopbackPorts.Free()}");
            web.UseSetting("Redemption:RetryIntervals:0", "00:00:00.200");
            web.UseSetting("Redemption:RetryIntervals:1", "00:00:00.500");
        });
        _ = service.Server;
        var outcomes = Channel.CreateUnbounded<object>();
        await using var observer = await TestBus.StartAsync(rabbitMq.ConnectionString, (services, bus) =>
        {
            services.AddSingleton(outcomes.Writer);
            bus.AddConsumer<OutcomeRecorder>();
        });
        var requested = new HandoffRequested(Guid.NewGuid(), "token", "aad-1", "tenant-1",
            new ConversationAddress("msteams", "https://smba.trafficmanager.net/amer/", "a:1", "28:bot", "29:user"),
            DateTimeOffset.UtcNow);

        await observer.Publisher.Publish(requested, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        // Outcomes of other tests' handoffs may still be in flight on the shared broker: read this one's.
        var mine = outcomes.Reader.ReadAllAsync(timeout.Token).Where(outcome => outcome switch
        {
            HandoffDelayed delayedOutcome => delayedOutcome.CorrelationId == requested.CorrelationId,
            HandoffRejected rejectedOutcome => rejectedOutcome.CorrelationId == requested.CorrelationId,
            _ => false,
        });
        var firstTwo = await mine.Take(2).ToListAsync(timeout.Token);
        var (first, second) = (firstTwo[0], firstTwo[1]);

        var delayed = Assert.IsType<HandoffDelayed>(first);
        Assert.Equal(requested.CorrelationId, delayed.CorrelationId);
        var rejected = Assert.IsType<HandoffRejected>(second);
        Assert.Equal(requested.CorrelationId, rejected.CorrelationId);
        Assert.Equal(HandoffRejectionReason.StateUnavailable, rejected.Reason);
        Assert.Equal(requested.Conversation, rejected.Conversation);
    }

    private sealed class OutcomeRecorder(ChannelWriter<object> outcomes) : IConsumer<HandoffRejected>, IConsumer<HandoffDelayed>
    {
        public async Task Consume(ConsumeContext<HandoffRejected> context) => await outcomes.WriteAsync(context.Message);

        public async Task Consume(ConsumeContext<HandoffDelayed> context) => await outcomes.WriteAsync(context.Message);
    }
}

using System.Collections.Concurrent;
using Handoff.Contracts.Events;
using Handoff.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.HandoffService.Tests;

/// <summary>
/// What the gateway's outcome queue is to HandoffService: a queue bound to every outcome it publishes. Without one,
/// RabbitMQ returns the outcomes (they are published mandatory) and the redemption is retried.
/// </summary>
public sealed class GatewayOutcomeQueue : IAsyncDisposable
{
    private readonly TestBus _bus;

    private GatewayOutcomeQueue(TestBus bus, ConcurrentQueue<object> outcomes) => (_bus, Outcomes) = (bus, outcomes);

    public ConcurrentQueue<object> Outcomes { get; }

    public static async Task<GatewayOutcomeQueue> StartAsync(string rabbitMq)
    {
        var outcomes = new ConcurrentQueue<object>();
        var bus = await TestBus.StartAsync(rabbitMq, (services, registration) =>
        {
            services.AddSingleton(outcomes);
            registration.AddConsumer<OutcomeRecorder>();
        });
        return new GatewayOutcomeQueue(bus, outcomes);
    }

    public ValueTask DisposeAsync() => _bus.DisposeAsync();

    private sealed class OutcomeRecorder(ConcurrentQueue<object> outcomes) :
        IConsumer<HandoffContextRestored>, IConsumer<HandoffRejected>, IConsumer<HandoffDelayed>
    {
        public Task Consume(ConsumeContext<HandoffContextRestored> context) => Record(context.Message);

        public Task Consume(ConsumeContext<HandoffRejected> context) => Record(context.Message);

        public Task Consume(ConsumeContext<HandoffDelayed> context) => Record(context.Message);

        private Task Record(object outcome)
        {
            outcomes.Enqueue(outcome);
            return Task.CompletedTask;
        }
    }
}

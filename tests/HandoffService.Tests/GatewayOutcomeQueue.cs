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

    private GatewayOutcomeQueue(TestBus bus, ConcurrentQueue<object> outcomes, ConcurrentQueue<string> bodies) =>
        (_bus, Outcomes, Bodies) = (bus, outcomes, bodies);

    public ConcurrentQueue<object> Outcomes { get; }

    /// <summary>Each outcome's message as it came off the queue, envelope and all: what a queue (or its <c>_error</c> twin) holds.</summary>
    public ConcurrentQueue<string> Bodies { get; }

    public static async Task<GatewayOutcomeQueue> StartAsync(string rabbitMq)
    {
        var outcomes = new ConcurrentQueue<object>();
        var bodies = new ConcurrentQueue<string>();
        var bus = await TestBus.StartAsync(rabbitMq, (services, registration) =>
        {
            services.AddSingleton(outcomes);
            services.AddSingleton(bodies);
            registration.AddConsumer<OutcomeRecorder>();
        });
        return new GatewayOutcomeQueue(bus, outcomes, bodies);
    }

    public ValueTask DisposeAsync() => _bus.DisposeAsync();

    private sealed class OutcomeRecorder(ConcurrentQueue<object> outcomes, ConcurrentQueue<string> bodies) :
        IConsumer<HandoffContextRestored>, IConsumer<HandoffRejected>, IConsumer<HandoffDelayed>
    {
        public Task Consume(ConsumeContext<HandoffContextRestored> context) => Record(context, context.Message);

        public Task Consume(ConsumeContext<HandoffRejected> context) => Record(context, context.Message);

        public Task Consume(ConsumeContext<HandoffDelayed> context) => Record(context, context.Message);

        private Task Record(ConsumeContext context, object outcome)
        {
            bodies.Enqueue(System.Text.Encoding.UTF8.GetString(context.ReceiveContext.Body.GetBytes()));
            outcomes.Enqueue(outcome);
            return Task.CompletedTask;
        }
    }
}

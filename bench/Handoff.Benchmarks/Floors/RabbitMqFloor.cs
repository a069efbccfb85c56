using System.Buffers.Binary;
using System.Diagnostics;
using Handoff.Benchmarks.Measurement;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Handoff.Benchmarks.Floors;

/// <summary>
/// What RabbitMQ itself does on this machine: persistent messages to a durable queue with publisher
/// confirms (as MassTransit publishes a click), consumed by a second connection. Each message carries its
/// send timestamp, so publish→consume latency is exact.
/// </summary>
public static class RabbitMqFloor
{
    private const string Queue = "bench.floor";

    public static async Task<RabbitMqFloorResult> MeasureAsync(Uri uri, int messages, int publishersInFlight)
    {
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "handoff-bench-floor" };
        await using var publishConnection = await factory.CreateConnectionAsync();
        await using var consumeConnection = await factory.CreateConnectionAsync();
        await using var publisher = await publishConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var consumer = await consumeConnection.CreateChannelAsync();
        await publisher.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await publisher.QueuePurgeAsync(Queue);
        await consumer.BasicQosAsync(0, 500, false);

        var consumeLatency = new LatencyHistogram();
        long consumed = 0;
        var target = 0L;
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = new AsyncEventingBasicConsumer(consumer);
        receiver.ReceivedAsync += async (_, delivery) =>
        {
            var sent = BinaryPrimitives.ReadInt64LittleEndian(delivery.Body.Span);
            consumeLatency.RecordElapsed(sent, Stopwatch.GetTimestamp());
            await consumer.BasicAckAsync(delivery.DeliveryTag, false);
            if (Interlocked.Increment(ref consumed) == Interlocked.Read(ref target))
            {
                allConsumed.TrySetResult();
            }
        };
        await consumer.BasicConsumeAsync(Queue, autoAck: false, receiver);
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = "application/json" };

        // One at a time: the latency floor of a confirmed publish and of publish→consume.
        var sequential = Math.Min(2_000, messages);
        var confirmLatency = new LatencyHistogram();
        Interlocked.Exchange(ref target, sequential);
        for (var i = 0; i < sequential; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await publisher.BasicPublishAsync("", Queue, false, properties, Body(start));
            confirmLatency.RecordElapsed(start, Stopwatch.GetTimestamp());
        }

        await allConsumed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var unloaded = consumeLatency.Summarise();

        // Pipelined: many confirmed publishes in flight, as a busy gateway has; throughput is what was consumed.
        Interlocked.Exchange(ref consumed, 0);
        allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref target, messages);
        var loadedLatency = new LatencyHistogram();
        consumeLatency = loadedLatency;
        var clock = Stopwatch.StartNew();
        long next = -1;
        await Task.WhenAll(Enumerable.Range(0, publishersInFlight).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < messages)
            {
                await publisher.BasicPublishAsync("", Queue, false, properties, Body(Stopwatch.GetTimestamp()));
            }
        })));
        await allConsumed.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var perSecond = messages / clock.Elapsed.TotalSeconds;
        await publisher.QueueDeleteAsync(Queue);
        return new RabbitMqFloorResult(perSecond, confirmLatency.Summarise(), unloaded, loadedLatency.Summarise());
    }

    private static byte[] Body(long timestamp)
    {
        // About the size of a serialised HandoffRequested envelope.
        var body = new byte[1024];
        BinaryPrimitives.WriteInt64LittleEndian(body, timestamp);
        return body;
    }
}

/// <param name="PerSecond">Durable, confirmed publish → consume → ack, pipelined.</param>
/// <param name="ConfirmLatency">A confirmed publish, one at a time.</param>
/// <param name="PublishToConsume">Publish → consumer, one at a time.</param>
/// <param name="PublishToConsumeLoaded">Publish → consumer, pipelined at the rate above.</param>
public sealed record RabbitMqFloorResult(double PerSecond, LatencySummary ConfirmLatency, LatencySummary PublishToConsume, LatencySummary PublishToConsumeLoaded);

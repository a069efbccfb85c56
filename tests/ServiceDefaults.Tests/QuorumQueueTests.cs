using Handoff.ServiceDefaults.Messaging;
using Handoff.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Handoff.ServiceDefaults.Tests;

/// <summary>Our receive endpoints are quorum queues; a classic one left by an older release keeps working.</summary>
public sealed class QuorumQueueTests(RabbitMqFixture rabbitMq) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task A_durable_receive_endpoint_is_a_quorum_queue_and_delivers()
    {
        var queue = $"quorum-test-{Guid.NewGuid():N}";
        var consumed = new ConsumedMessages();
        using var host = await MessagingHost.StartAsync(rabbitMq.ConnectionString, queue, consumed);

        await host.Services.GetRequiredService<IPublishEndpoint>().Publish(new ProbeMessage(Guid.NewGuid(), 1), TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => consumed.Contains(1));

        Assert.Equal("quorum", await QueueTypeAsync(queue));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_queue_that_exists_as_a_classic_queue_stays_classic_and_the_service_starts_and_says_so()
    {
        var queue = $"classic-test-{Guid.NewGuid():N}";
        await using (var connection = await OpenAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            // What MassTransit declared before quorum queues: durable, not auto-deleted, no queue type.
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: TestContext.Current.CancellationToken);
        }

        var consumed = new ConsumedMessages();
        using var host = await MessagingHost.StartAsync(rabbitMq.ConnectionString, queue, consumed);
        await host.Services.GetRequiredService<IPublishEndpoint>().Publish(new ProbeMessage(Guid.NewGuid(), 1), TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => consumed.Contains(1));

        Assert.Equal("classic", await QueueTypeAsync(queue));
        var warning = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), record => record.Category == typeof(ClassicQueueGuard).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(queue, warning.Message, StringComparison.Ordinal);
        Assert.Contains("0009-rabbitmq-quorum-and-cluster", warning.Message, StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private Task<IConnection> OpenAsync() =>
        RabbitMqConnections.OpenAsync(RabbitMqConnectionString.Parse(rabbitMq.ConnectionString), "quorum-queue-test", TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

    // Without the management plugin a queue's type shows only in whether redeclaring it with a type is refused.
    private async Task<string> QueueTypeAsync(string queue)
    {
        await using var connection = await OpenAsync();
        foreach (var type in new[] { "quorum", "classic" })
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
            try
            {
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                    new Dictionary<string, object?> { [RabbitMQ.Client.Headers.XQueueType] = type }, cancellationToken: TestContext.Current.CancellationToken);
                return type;
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 406)
            {
            }
        }

        throw new InvalidOperationException($"Queue {queue} is neither a quorum nor a classic queue.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the message was not consumed within 20 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

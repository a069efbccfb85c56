using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Handoff.ServiceDefaults.Messaging;

/// <summary>
/// Finds receive queues that already exist on the broker as classic queues. Declaring such a queue as a quorum
/// queue fails with PRECONDITION_FAILED (inequivalent arg 'x-queue-type'), and MassTransit would retry that
/// forever, so a service upgraded onto an old broker keeps its classic queue and says so until an operator
/// migrates it (docs/decisions/0009-rabbitmq-quorum-and-cluster.md).
/// </summary>
public sealed class ClassicQueueGuard(RabbitMqConnectionString broker, ILogger<ClassicQueueGuard> logger)
{
    private const ushort NotFound = 404;
    private const ushort PreconditionFailed = 406;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<bool> IsClassicAsync(string queue, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await using var connection = await RabbitMqConnections.OpenAsync(broker, "queue-type-check", Timeout, deadline.Token);
            if (!await ExistsAsync(connection, queue, deadline.Token))
            {
                return false;
            }

            // Declaring it as the quorum queue it should be is a no-op for a quorum queue and a channel error for a classic one.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: deadline.Token);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                new Dictionary<string, object?> { [Headers.XQueueType] = "quorum" }, cancellationToken: deadline.Token);
            return false;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason is { ReplyCode: PreconditionFailed } reason
            && reason.ReplyText.Contains(Headers.XQueueType, StringComparison.Ordinal))
        {
            logger.LogWarning("Queue {Queue} exists on the broker as a classic queue, so it stays classic and is not replicated. " +
                "To move it to a quorum queue, drain and delete it, then restart this service (docs/decisions/0009-rabbitmq-quorum-and-cluster.md).", queue);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unreachable now: a fresh broker has no classic queue, and MassTransit reports its own connection failures.
            logger.LogDebug("Could not check the type of queue {Queue}: {Reason}", queue, exception.Message);
            return false;
        }
    }

    private static async Task<bool> ExistsAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel: one channel for this question alone.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason is { ReplyCode: NotFound })
        {
            return false;
        }
    }
}

using MassTransit;

namespace Handoff.ServiceDefaults.Messaging;

/// <summary>
/// Publishing and sending that fail when RabbitMQ has nowhere to put the message. Without the mandatory flag the broker
/// confirms a message no queue is bound to take and drops it: a broker that just restarted before its queues are bound
/// again (CrashRecoveryTests lost clicks acknowledged then), or a queue whose endpoint has not started yet. Mandatory,
/// the message is returned and the publish throws, so the caller retries or takes another path instead of losing it.
/// </summary>
public static class RoutedPublishing
{
    public static Task PublishRouted<T>(this IPublishEndpoint publisher, T message, CancellationToken cancellationToken) where T : class =>
        publisher.Publish(message, context => Mandatory(context), cancellationToken);

    /// <summary>
    /// <see cref="PublishRouted{T}(IPublishEndpoint, T, CancellationToken)"/> that throws once <paramref name="within"/> has
    /// passed, whether or not the publish has noticed its cancellation: a click sent as a RabbitMQ node was killed
    /// went unanswered for 30 s although its publish was to be cancelled after 5 s (BrokerFailoverTests, CI of 2026-12-03).
    /// </summary>
    public static Task PublishRouted<T>(this IPublishEndpoint publisher, T message, TimeSpan within, CancellationToken cancellationToken)
        where T : class =>
        WithinAsync(token => publisher.PublishRouted(message, token), within, cancellationToken);

    /// <summary><see cref="SendRouted{T}(ISendEndpoint, T, CancellationToken)"/> that throws once <paramref name="within"/> has passed, as above.</summary>
    public static Task SendRouted<T>(this ISendEndpoint endpoint, T message, TimeSpan within, CancellationToken cancellationToken)
        where T : class =>
        WithinAsync(token => endpoint.SendRouted(message, token), within, cancellationToken);

    public static Task SendRouted<T>(this ISendEndpoint endpoint, T message, CancellationToken cancellationToken) where T : class =>
        endpoint.Send(message, context => Mandatory(context), cancellationToken);

    private static async Task WithinAsync(Func<CancellationToken, Task> send, TimeSpan within, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        await send(timeout.Token).WaitAsync(within, cancellationToken);
    }

    private static void Mandatory(SendContext context)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.Mandatory = true;
        }
    }
}

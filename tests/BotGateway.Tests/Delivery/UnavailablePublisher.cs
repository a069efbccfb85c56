using System.Reflection;
using MassTransit;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>RabbitMQ as the gateway sees it when no node takes a publish: it fails at once, or it never returns.</summary>
public class UnavailablePublisher : DispatchProxy
{
    private bool _hangs;

    /// <summary>Every publish fails, as when no node answers.</summary>
    public static IPublishEndpoint Refusing() => Create(hangs: false);

    /// <summary>Every publish never returns and never notices its cancellation.</summary>
    public static IPublishEndpoint Hanging() => Create(hangs: true);

    private static IPublishEndpoint Create(bool hangs)
    {
        var publisher = Create<IPublishEndpoint, UnavailablePublisher>();
        ((UnavailablePublisher)(object)publisher)._hangs = hangs;
        return publisher;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.ReturnType != typeof(Task) ? throw new NotSupportedException($"{targetMethod?.Name} is not a publish")
        : _hangs ? new TaskCompletionSource().Task
        : Task.FromException(new MassTransitException("no RabbitMQ node answers"));
}

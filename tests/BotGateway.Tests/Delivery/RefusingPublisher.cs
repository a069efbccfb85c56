using System.Reflection;
using MassTransit;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>A RabbitMQ that takes nothing: every publish fails, as when no node answers.</summary>
public class RefusingPublisher : DispatchProxy
{
    public static IPublishEndpoint Create() => Create<IPublishEndpoint, RefusingPublisher>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.ReturnType == typeof(Task)
            ? Task.FromException(new MassTransitException("no RabbitMQ node answers"))
            : throw new NotSupportedException($"{targetMethod?.Name} is not a publish");
}

using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers;

/// <summary>
/// A broker made of several processes (a Redis replica set, a RabbitMQ cluster): a resource with no process of its
/// own, shown in the dashboard as the parent of its members, Running while they run (<see cref="BrokerGroupState"/>).
/// </summary>
public interface IBrokerGroup : IResource
{
    IEnumerable<IResource> Members { get; }
}

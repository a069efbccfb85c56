using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>
/// RabbitMQ as a cluster of nodes on loopback (quorum queues, failover tests), each a <see cref="RabbitMqNodeResource"/>
/// shown under this one with the epmd they share. Clients get every node in one connection string
/// (<c>amqp://user:password@127.0.0.1:P1,127.0.0.1:P2,…/</c>, docs/decisions/0009) and move to another node when theirs dies.
/// </summary>
public sealed class RabbitMqClusterResource(string name) : Resource(name), IResourceWithConnectionString, IBrokerGroup
{
    public List<RabbitMqNodeResource> Nodes { get; } = [];

    public ExecutableResource? Epmd { get; set; }

    public IEnumerable<IResource> Members => Epmd is null ? Nodes : [Epmd, .. Nodes];

    public string Hosts => string.Join(",", Nodes.Select(node => node.Hosts));

    /// <summary>The users every node imports: the administrator is whose this connection string is.</summary>
    public RabbitMqAccessControl? AccessControl { get; set; }

    public ReferenceExpression ConnectionStringExpression =>
        AccessControl?.ConnectionString(Hosts) ?? ReferenceExpression.Create($"amqp://guest:guest@{Hosts}/");
}

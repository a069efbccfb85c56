using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers;

/// <summary>
/// A broker as one service reaches it: the broker's address with that service's own user and password. Services
/// reference this instead of the broker (as <c>ConnectionStrings__{broker}</c>), so each connects with only the
/// rights its user has; the publisher places it as the broker's in-cluster address with the same user. Where the local
/// broker runs without Handoff's users (Aspire's containers, a Redis Sentinel set), it is the broker's own connection string.
/// </summary>
public sealed class BrokerUserResource(string name, IResourceWithConnectionString broker, string userName, ReferenceExpression connectionString) : Resource(name), IResourceWithConnectionString, IResourceWithParent<IResourceWithConnectionString>
{
    public IResourceWithConnectionString Parent { get; } = broker;

    public string UserName { get; } = userName;

    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}

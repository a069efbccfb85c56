using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// "A Redis with replicas", to try failover: a primary, its replicas and three sentinels, each a
/// <see cref="RedisServerResource"/> shown under this one in the dashboard. Clients get the Sentinel connection string
/// (the sentinels and the service name) and ask the sentinels for the current primary (docs/decisions/0008).
/// </summary>
public sealed class RedisReplicaSetResource(string name) : Resource(name), IResourceWithConnectionString, IBrokerGroup
{
    /// <summary>Three sentinels with a quorum of two: one can be lost, and no single one can fail a primary over alone.</summary>
    public const int SentinelCount = 3;

    public const int Quorum = 2;

    public string ServiceName => Name;

    /// <summary>The data nodes, the first primary first.</summary>
    public List<RedisServerResource> Nodes { get; } = [];

    public List<RedisServerResource> Sentinels { get; } = [];

    public IEnumerable<IResource> Members => [.. Nodes, .. Sentinels];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{string.Join(",", Sentinels.Select(sentinel => $"127.0.0.1:{sentinel.Port.ToString(CultureInfo.InvariantCulture)}"))},serviceName={ServiceName}");
}

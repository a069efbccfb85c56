using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers;

/// <summary>
/// Where a <see cref="RedisReplicaSet"/> listens: the first primary, its replicas and the sentinels, chosen before
/// it starts so that its connection string is known (and stays the same across restarts).
/// </summary>
public sealed record RedisReplicaSetLayout(string ServiceName, int PrimaryPort, IReadOnlyList<int> ReplicaPorts, IReadOnlyList<int> SentinelPorts)
{
    /// <summary>Three sentinels with a quorum of two: one can be lost, and no single one can fail a primary over alone.</summary>
    public const int Sentinels = 3;

    public static RedisReplicaSetLayout Allocate(string serviceName, int primaryPort, int replicas) =>
        new(serviceName, primaryPort,
            Enumerable.Range(0, replicas).Select(_ => LoopbackPorts.Free()).ToList(),
            Enumerable.Range(0, Sentinels).Select(_ => LoopbackPorts.Free()).ToList());

    /// <summary>StackExchange.Redis' Sentinel form: the sentinels and the service name; it asks them for the primary.</summary>
    public string ConnectionString =>
        string.Join(",", SentinelPorts.Select(port => $"127.0.0.1:{port}")) + $",serviceName={ServiceName}";
}

using Handoff.Hosting.Infrastructure;

namespace Handoff.Hosting.Orchestration;

/// <summary>A single Redis, or with <paramref name="replicas"/> a primary, its replicas and sentinels (<see cref="RedisReplicaSet"/>).</summary>
public sealed class RedisResource(string name, int port, int replicas = 0) : ServerResource<IProvisionedServer>(name, port)
{
    private readonly RedisReplicaSetLayout? _replicaSet = replicas switch
    {
        0 => null,
        > 0 => RedisReplicaSetLayout.Allocate(name, port, replicas),
        _ => throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "Replicas cannot be negative."),
    };

    public int Replicas => replicas;

    public override string Kind => "Redis";

    /// <summary>The first primary; with replicas, the connection string names the sentinels, which know the current one.</summary>
    public override string Endpoint => $"redis://127.0.0.1:{Port}";

    public override string ConnectionString => _replicaSet?.ConnectionString ?? $"127.0.0.1:{Port}";

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) => Server is RedisReplicaSet replicaSet
        ? replicaSet.ProbeAsync(cancellationToken)
        : Readiness.RedisPongAsync(Port, cancellationToken);

    protected override async Task<IProvisionedServer> StartServerAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken) =>
        _replicaSet is null
            ? await RedisServer.StartAsync(dataDirectory, Port, log, cancellationToken)
            : await RedisReplicaSet.StartAsync(dataDirectory, _replicaSet, log, cancellationToken);
}

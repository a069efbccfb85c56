using Handoff.Hosting.Infrastructure;

namespace Handoff.Hosting.Orchestration;

public sealed class RedisResource(string name, int port) : ServerResource<RedisServer>(name, port)
{
    public override string Kind => "Redis";

    public override string Endpoint => $"redis://127.0.0.1:{Port}";

    public override string ConnectionString => $"127.0.0.1:{Port}";

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) => Readiness.RedisPongAsync(Port, cancellationToken);

    protected override Task<RedisServer> StartServerAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken) =>
        RedisServer.StartAsync(dataDirectory, Port, log, cancellationToken);
}

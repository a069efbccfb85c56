using Handoff.Hosting.Infrastructure;

namespace Handoff.TestSupport;

/// <summary>A real Redis for a test assembly.</summary>
public sealed class RedisFixture() : ProvisionedFixture<RedisServer>("redis")
{
    public string ConnectionString => Server.ConnectionString;

    public RedisServer Server => Started;

    protected override Task<RedisServer> StartAsync(string directory, CancellationToken cancellationToken) =>
        RedisServer.StartAsync(directory, LoopbackPorts.Free(), _ => { }, cancellationToken);
}

using Handoff.Hosting.Infrastructure;
using Xunit;

namespace Handoff.TestSupport;

/// <summary>
/// A real Redis for a test assembly, started by the same provisioning code as the AppHost. Where it cannot
/// start, every test that uses it fails with the reason; none is skipped.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private readonly string _directory = TestDirectories.Create("redis");
    private RedisServer? _server;

    public string ConnectionString => Server.ConnectionString;

    public RedisServer Server => _server ?? throw new InvalidOperationException("Redis did not start; see the fixture's error.");

    public async ValueTask InitializeAsync()
    {
        _server = await RedisServer.StartAsync(_directory, LoopbackPorts.Free(), _ => { }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
    }
}

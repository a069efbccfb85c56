using Xunit;

namespace Handoff.TestSupport;

/// <summary>
/// Infrastructure for tests, started in a folder of its own by the same provisioning code as the AppHost. Where it
/// cannot start, every test that uses it fails with the reason; none is skipped.
/// </summary>
public abstract class ProvisionedFixture<TServer>(string purpose) : IAsyncLifetime
    where TServer : class, IAsyncDisposable
{
    private readonly string _directory = TestDirectories.Create(purpose);
    private TServer? _server;

    protected TServer Started => _server ?? throw new InvalidOperationException($"{purpose} did not start; see the fixture's error.");

    public async ValueTask InitializeAsync() => _server = await StartAsync(_directory, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
        GC.SuppressFinalize(this);
    }

    protected abstract Task<TServer> StartAsync(string directory, CancellationToken cancellationToken);
}

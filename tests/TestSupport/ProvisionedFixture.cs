using Handoff.TestSupport.Brokers.Provisioning;
using Xunit;

namespace Handoff.TestSupport;

/// <summary>
/// A real server for a test assembly, from the path <see cref="TestProvisioning"/> chose. Where it cannot
/// start, every test that uses it fails with the reason; none is skipped.
/// </summary>
public abstract class ProvisionedFixture<TEndpoint>(string resource) : IAsyncLifetime
    where TEndpoint : class, IProvisionedEndpoint
{
    private readonly string _directory = TestDirectories.Create(resource);
    private TEndpoint? _endpoint;

    public TEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException($"{resource} did not start; see the fixture's error.");

    public string ConnectionString => Endpoint.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        var provisioner = await TestProvisioning.SelectAsync(resource);
        _endpoint = await StartAsync(provisioner, _directory, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
    }

    protected abstract Task<TEndpoint> StartAsync(IInfrastructureProvisioner provisioner, string dataDirectory, CancellationToken cancellationToken);
}

using Handoff.Hosting.Infrastructure;
using Xunit;

namespace Handoff.TestSupport;

/// <summary>A real RabbitMQ for a test assembly, started by the same provisioning code as the AppHost; never skipped.</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private readonly string _directory = TestDirectories.Create("rabbitmq");
    private RabbitMqBroker? _broker;

    public string ConnectionString => (_broker ?? throw new InvalidOperationException("RabbitMQ did not start.")).ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _broker = await RabbitMqBroker.StartAsync(_directory, LoopbackPorts.Free(), _ => { }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
    }
}

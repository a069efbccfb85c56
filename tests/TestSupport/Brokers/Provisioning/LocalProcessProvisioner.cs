using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>
/// Debian's redis-server and rabbitmq-server as child processes on free loopback ports (installed with
/// apt-get first when we are root), exactly as the AppHost runs them.
/// </summary>
public sealed class LocalProcessProvisioner : IInfrastructureProvisioner
{
    public ProvisioningPath Path => ProvisioningPath.LocalProcesses;

    public async Task<IRedisEndpoint> StartRedisAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken) =>
        new LocalRedisEndpoint(await RedisServer.StartAsync(dataDirectory, LoopbackPorts.Free(), log, cancellationToken));

    public async Task<IRabbitMqEndpoint> StartRabbitMqAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken) =>
        new LocalRabbitMqEndpoint(await RabbitMqBroker.StartAsync(dataDirectory, LoopbackPorts.Free(), log, cancellationToken));
}

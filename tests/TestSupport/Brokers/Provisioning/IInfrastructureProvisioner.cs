namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>
/// Starts Redis and RabbitMQ on loopback, one way or another: Debian's packages as child processes, or
/// containers where a Docker engine answers. <paramref name="dataDirectory"/> is ours to write in (a path
/// may ignore it); <paramref name="log"/> gets what the server says that a person should read.
/// </summary>
public interface IInfrastructureProvisioner
{
    ProvisioningPath Path { get; }

    Task<IRedisEndpoint> StartRedisAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken);

    Task<IRabbitMqEndpoint> StartRabbitMqAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken);
}

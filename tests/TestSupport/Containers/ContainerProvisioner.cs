using DotNet.Testcontainers.Containers;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport.Brokers.Provisioning;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace Handoff.TestSupport.Containers;

/// <summary>
/// Redis and RabbitMQ as Testcontainers on the Docker engine the selector found answering (named explicitly,
/// so Testcontainers does not go looking for another), pinned images, ports on loopback. The data directory
/// is not used: a container keeps its data inside and loses it on disposal, as a test wants.
/// </summary>
public sealed class ContainerProvisioner(string dockerEndpoint) : IInfrastructureProvisioner
{
    public ProvisioningPath Path => ProvisioningPath.Containers;

    public RedisBuilder RedisBuilder() => new RedisBuilder(ContainerImages.Redis)
        .WithDockerEndpoint(dockerEndpoint)
        .WithCreateParameterModifier(LoopbackPortBindings.Apply);

    public RabbitMqBuilder RabbitMqBuilder() => new RabbitMqBuilder(ContainerImages.RabbitMq)
        .WithDockerEndpoint(dockerEndpoint)
        .WithCreateParameterModifier(LoopbackPortBindings.Apply);

    public async Task<IRedisEndpoint> StartRedisAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        var container = RedisBuilder().Build();
        await StartAsync(container, log, cancellationToken);
        return new ContainerRedisEndpoint(container);
    }

    public async Task<IRabbitMqEndpoint> StartRabbitMqAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        var container = RabbitMqBuilder().Build();
        await StartAsync(container, log, cancellationToken);
        return new ContainerRabbitMqEndpoint(container);
    }

    private async Task StartAsync(IContainer container, Action<string> log, CancellationToken cancellationToken)
    {
        log($"Starting {container.Image.FullName} on the Docker engine at {dockerEndpoint}…");
        try
        {
            await container.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await container.DisposeAsync();
            throw new ProvisioningException(
                $"{container.Image.FullName} did not start on the Docker engine at {dockerEndpoint}: {exception.Message}", exception);
        }
    }
}

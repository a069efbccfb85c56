using Docker.DotNet.Models;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport.Brokers.Provisioning;
using Handoff.TestSupport;
using Handoff.TestSupport.Containers;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Tests;

/// <summary>The Testcontainers path, as far as it goes without a Docker engine: what it would start, and how it fails.</summary>
public sealed class ContainerProvisionerTests
{
    [Fact]
    public async Task It_builds_the_pinned_images_for_the_engine_it_was_given()
    {
        var provisioner = new ContainerProvisioner($"tcp://127.0.0.1:{LoopbackPorts.Free()}");

        await using var redis = provisioner.RedisBuilder().Build();
        await using var rabbitMq = provisioner.RabbitMqBuilder().Build();

        Assert.Equal(ProvisioningPath.Containers, provisioner.Path);
        Assert.Equal("redis:7.0-alpine", redis.Image.FullName);
        Assert.Equal("rabbitmq:3.13-alpine", rabbitMq.Image.FullName);
    }

    [Fact]
    public void Published_ports_are_bound_to_loopback_only()
    {
        var parameters = new CreateContainerParameters
        {
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    ["6379/tcp"] = [new PortBinding { HostPort = "" }],
                    ["5672/tcp"] = [new PortBinding { HostPort = "" }],
                },
            },
        };

        LoopbackPortBindings.Apply(parameters);

        Assert.All(parameters.HostConfig.PortBindings.Values.SelectMany(bindings => bindings), binding => Assert.Equal("127.0.0.1", binding.HostIP));
    }

    [Fact]
    public async Task Without_an_engine_starting_redis_fails_with_the_image_and_the_endpoint()
    {
        var dockerHost = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        var provisioner = new ContainerProvisioner(dockerHost);

        var failure = await Assert.ThrowsAsync<ProvisioningException>(() =>
            provisioner.StartRedisAsync(TestDirectories.Create("container"), _ => { }, TestContext.Current.CancellationToken));

        Assert.StartsWith($"redis:7.0-alpine did not start on the Docker engine at {dockerHost}: ", failure.Message, StringComparison.Ordinal);
    }
}

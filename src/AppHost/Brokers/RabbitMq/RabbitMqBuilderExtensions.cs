using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.AppHost.Brokers.RabbitMq;

public static class RabbitMqBuilderExtensions
{
    /// <summary>
    /// RabbitMQ for the services: Aspire's RabbitMQ container where a Docker engine answers; otherwise Debian's
    /// rabbitmq-server as an executable with an epmd of its own (installed with apt-get on first use). With
    /// <paramref name="nodes"/> above 1, a cluster of that many nodes (local processes only). Local nodes import Handoff's
    /// users at every boot (<see cref="RabbitMqDefinitions"/>), with passwords generated for the run; the container keeps
    /// Aspire's one user.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddHandoffRabbitMQ(
        this IDistributedApplicationBuilder builder, string name, int nodes, BrokerPlacement placement)
    {
        if (placement.UseContainers && nodes == 1)
        {
            return builder.AddRabbitMQ(name).WithDataVolume();
        }

        var home = Path.Combine(placement.DataDirectory, name);
        var epmdPort = LoopbackPorts.Free();
        var users = new RabbitMqAccessControl(
            builder.AddParameter($"{name}-password", RandomKeyDefault.BrokerPassword(), secret: true).Resource,
            RabbitMqUser.Services.ToDictionary(user => user.Name,
                user => builder.AddParameter(user.PasswordParameter, RandomKeyDefault.BrokerPassword(), secret: true).Resource));
        if (nodes == 1)
        {
            var directory = Path.Combine(home, "node");
            var layout = new RabbitMqNodeLayout($"handoff-{name}@localhost", directory, home,
                LoopbackPorts.Free(), LoopbackPorts.Free(), epmdPort, DefinitionsConfig(directory));
            var broker = builder.AddRabbitMqNode(name, layout, users);
            var epmd = builder.AddEpmd($"{name}-epmd", epmdPort, home).WithParentRelationship(broker);
            return broker.WaitFor(epmd);
        }

        var cluster = builder.AddResource(new RabbitMqClusterResource(name))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = $"RabbitMQ ({nodes}-node cluster)",
                State = new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
                Properties = [],
            });
        var sharedEpmd = builder.AddEpmd($"{name}-epmd", epmdPort, home).WithParentRelationship(cluster);
        cluster.Resource.Epmd = sharedEpmd.Resource;
        cluster.Resource.AccessControl = users;
        IResourceBuilder<RabbitMqNodeResource>? first = null;
        for (var index = 1; index <= nodes; index++)
        {
            var nodeName = $"rabbit-{index}@localhost";
            var directory = Path.Combine(home, $"node-{index}");
            var join = first is null ? "" : RabbitMqNodeLayout.JoinFirstNode(first.Resource.Layout.NodeName);
            var layout = new RabbitMqNodeLayout(nodeName, directory, home,
                LoopbackPorts.Free(), LoopbackPorts.Free(), epmdPort, $"{join}\n{DefinitionsConfig(directory)}");
            var node = builder.AddRabbitMqNode($"{name}-{index}", layout, users).WithParentRelationship(cluster).WaitFor(sharedEpmd);
            if (first is not null)
            {
                node.WaitFor(first);
            }

            first ??= node;
            cluster.Resource.Nodes.Add(node.Resource);
        }

        builder.Services.AddHealthChecks().AddCheck($"{name}-amqp", new AmqpHandshakeHealthCheck([.. cluster.Resource.Nodes.Select(node => node.Layout.Port)]));
        return cluster.WithHealthCheck($"{name}-amqp");
    }

    /// <summary>Where a node reads the users it imports at boot (<see cref="RabbitMqDefinitions"/>).</summary>
    private static string DefinitionsConfig(string directory) => RabbitMqDefinitions.ConfigLine(Path.Combine(directory, RabbitMqAccessControl.FileName));

    private static IResourceBuilder<RabbitMqNodeResource> AddRabbitMqNode(this IDistributedApplicationBuilder builder, string name, RabbitMqNodeLayout layout,
        RabbitMqAccessControl users)
    {
        builder.Services.AddHealthChecks().AddCheck($"{name}-amqp", new AmqpHandshakeHealthCheck(layout.Port));
        var node = builder.AddResource(new RabbitMqNodeResource(name, layout) { AccessControl = users })
            .WithEndpoint(RabbitMqNodeResource.EndpointName, endpoint => { endpoint.Port = layout.Port; endpoint.TargetPort = layout.Port; endpoint.IsProxied = false; endpoint.UriScheme = "amqp"; })
            .WithHealthCheck($"{name}-amqp")
            .BeforeEachStart(async (resource, log, cancellationToken) =>
            {
                await DebianPackage.EnsureInstalledAsync(RabbitMqNodeLayout.Program, RabbitMqNodeLayout.Package, log, cancellationToken);
                await resource.Layout.WriteFilesAsync(cancellationToken);
                await users.WriteAsync(Path.Combine(resource.Layout.Directory, RabbitMqAccessControl.FileName), cancellationToken);
            });
        foreach (var (key, value) in layout.Environment)
        {
            node.WithEnvironment(key, value);
        }

        return node;
    }

    private static IResourceBuilder<ExecutableResource> AddEpmd(this IDistributedApplicationBuilder builder, string name, int port, string directory)
    {
        builder.Services.AddHealthChecks().AddCheck($"{name}-listening", new TcpListeningHealthCheck(port));
        return builder.AddExecutable(name, RabbitMqNodeLayout.Epmd, directory, [.. RabbitMqNodeLayout.EpmdArguments(port)])
            .WithHealthCheck($"{name}-listening")
            .BeforeEachStart((_, log, cancellationToken) =>
            {
                Directory.CreateDirectory(directory);
                return DebianPackage.EnsureInstalledAsync(RabbitMqNodeLayout.Epmd, RabbitMqNodeLayout.Package, log, cancellationToken);
            });
    }
}

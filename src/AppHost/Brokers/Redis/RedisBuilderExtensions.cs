using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Handoff.AppHost.Brokers;

namespace Handoff.AppHost.Brokers.Redis;

public static class RedisBuilderExtensions
{
    /// <summary>
    /// Redis for the services: Aspire's Redis container where a Docker engine answers; otherwise Debian's redis-server
    /// as an executable (installed with apt-get on first use). With <paramref name="replicas"/> above 0, a primary, that
    /// many replicas and three sentinels (local processes only), handed over as a Sentinel connection string. The one local
    /// server has Handoff's ACL users (<see cref="RedisUserExtensions.WithRedisUsers"/>); the container and the Sentinel set
    /// still have only the default user.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddHandoffRedis(
        this IDistributedApplicationBuilder builder, string name, int replicas, BrokerPlacement placement)
    {
        if (placement.UseContainers && replicas == 0)
        {
            return builder.AddRedis(name).WithDataVolume().WithArgs([.. RedisServerArguments.Durability]);
        }

        if (replicas == 0)
        {
            return builder.AddRedisServer(name, LoopbackPorts.Free(), Path.Combine(placement.DataDirectory, name)).WithRedisUsers();
        }

        var set = builder.AddResource(new RedisReplicaSetResource(name))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Redis (Sentinel)",
                State = new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
                Properties = [],
            });
        builder.Services.AddHealthChecks().AddCheck($"{name}-sentinels", new RedisReplicaSetHealthCheck(set.Resource));
        set.WithHealthCheck($"{name}-sentinels");

        var primary = builder.AddRedisServer($"{name}-0", LoopbackPorts.Free(), Path.Combine(placement.DataDirectory, $"{name}-0"))
            .WithReplicaSetRole(set.Resource)
            .WithParentRelationship(set);
        set.Resource.Nodes.Add(primary.Resource);
        for (var index = 1; index <= replicas; index++)
        {
            var replica = builder.AddRedisServer($"{name}-{index}", LoopbackPorts.Free(), Path.Combine(placement.DataDirectory, $"{name}-{index}"))
                .WithReplicaSetRole(set.Resource)
                .WithParentRelationship(set)
                .WaitFor(primary);
            set.Resource.Nodes.Add(replica.Resource);
        }

        for (var index = 0; index < RedisReplicaSetResource.SentinelCount; index++)
        {
            var sentinelName = $"{name}-sentinel-{index}";
            var port = LoopbackPorts.Free();
            var sentinel = builder.AddResource(new RedisServerResource(sentinelName, port, Path.Combine(placement.DataDirectory, sentinelName)))
                .WithEndpoint(RedisServerResource.EndpointName, endpoint => { endpoint.Port = port; endpoint.TargetPort = port; endpoint.IsProxied = false; endpoint.UriScheme = "tcp"; })
                .WithArgs(async context =>
                {
                    foreach (var argument in await RedisServerArguments.SentinelAsync(port, Path.Combine(placement.DataDirectory, sentinelName),
                    [
                        $"sentinel monitor {name} 127.0.0.1 {primary.Resource.Port} {RedisReplicaSetResource.Quorum}",
                        $"sentinel down-after-milliseconds {name} 1000",
                        $"sentinel failover-timeout {name} 3000",
                        $"sentinel parallel-syncs {name} 1",
                    ], context.CancellationToken))
                    {
                        context.Args.Add(argument);
                    }
                })
                .WithRedisProvisioning()
                .WithParentRelationship(set);
            foreach (var node in set.Resource.Nodes)
            {
                sentinel.WaitFor(builder.CreateResourceBuilder(node));
            }

            set.Resource.Sentinels.Add(sentinel.Resource);
        }

        return set;
    }

    /// <summary>One redis-server on <paramref name="port"/>, its data in <paramref name="dataDirectory"/>, healthy once it answers PING.</summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, int port, string dataDirectory, params string[] settings)
    {
        var server = new RedisServerResource(name, port, dataDirectory);
        builder.Services.AddHealthChecks().AddCheck($"{name}-ping", new RedisPingHealthCheck(port, () => server.AccessControl));
        return builder.AddResource(server)
            .WithEndpoint(RedisServerResource.EndpointName, endpoint => { endpoint.Port = port; endpoint.TargetPort = port; endpoint.IsProxied = false; endpoint.UriScheme = "tcp"; })
            .WithArgs(RedisServerArguments.Server(port, dataDirectory, settings).ToArray())
            .WithRedisProvisioning()
            .WithHealthCheck($"{name}-ping");
    }

    /// <summary>Each start asks the sentinels whom the node replicates (<see cref="ReplicaSetNodeRole"/>).</summary>
    private static IResourceBuilder<RedisServerResource> WithReplicaSetRole(this IResourceBuilder<RedisServerResource> node, RedisReplicaSetResource set) =>
        node.WithArgs(async context =>
        {
            foreach (var argument in await ReplicaSetNodeRole.ArgumentsAsync(set, node.Resource, context.Logger, TimeProvider.System, context.CancellationToken))
            {
                context.Args.Add(argument);
            }
        });

    /// <summary>Before each start: redis-server installed (apt-get as root on first use) and the data folder there.</summary>
    private static IResourceBuilder<RedisServerResource> WithRedisProvisioning(this IResourceBuilder<RedisServerResource> builder) =>
        builder.BeforeEachStart((resource, log, cancellationToken) =>
        {
            Directory.CreateDirectory(resource.DataDirectory);
            return DebianPackage.EnsureInstalledAsync(RedisServerArguments.Program, RedisServerArguments.Package, log, cancellationToken);
        });
}

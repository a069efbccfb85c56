using Handoff.Hosting.Orchestration;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// How a broker of the model runs in the cluster: its own manifests, the Secret keys it needs, and the variables
/// a service that references it gets (Aspire's <c>ConnectionStrings__{name}</c>, pointing at the in-cluster Service).
/// </summary>
internal interface IClusterBroker
{
    string Name { get; }

    IReadOnlyList<string> SecretKeys { get; }

    /// <summary>
    /// The connection string embeds the broker's password, so it is composed in the Deployment with Kubernetes'
    /// <c>$(VAR)</c> expansion from a secretKeyRef declared just before it, rather than written to a ConfigMap.
    /// </summary>
    IReadOnlyList<Yaml> ClientEnvironment { get; }

    IReadOnlyList<Yaml> Manifests { get; }

    public static IClusterBroker? For(Resource resource) => resource switch
    {
        RedisResource redis => new ClusterRedis(redis.Name),
        RabbitMqResource rabbitmq => new ClusterRabbitMq(rabbitmq.Name),
        _ => null,
    };
}

using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers;
using Handoff.AppHost.Brokers.RabbitMq;
using Handoff.AppHost.Brokers.Redis;
using Yaml = System.Collections.Generic.Dictionary<string, object?>;

namespace Handoff.AppHost.Publishing.Kubernetes;

/// <summary>
/// How a broker of the model runs in the cluster: its own manifests, the Secret keys it needs, and the connection
/// string a service that references it gets (Aspire's <c>ConnectionStrings__{name}</c>, pointing at the in-cluster Service).
/// </summary>
internal interface IClusterBroker
{
    string Name { get; }

    int Port { get; }

    /// <summary>Whether it takes only TLS (<see cref="BrokerTlsAnnotation"/>): its clients then trust the broker CA.</summary>
    bool Tls { get; }

    IReadOnlyList<string> SecretKeys { get; }

    /// <summary>
    /// The connection string embeds the broker's password, so it is composed in the Deployment with Kubernetes'
    /// <c>$(VAR)</c> expansion from the secretKeyRefs it declares, rather than written to a ConfigMap.
    /// </summary>
    ClusterValue ConnectionString { get; }

    IReadOnlyList<Yaml> Manifests { get; }

    /// <summary>
    /// Whatever runs it locally (Aspire's container where Docker answers, our executables, a Sentinel set or a cluster
    /// of nodes), one StatefulSet broker in the cluster. A service that references its own <see cref="BrokerUserResource"/>
    /// connects as that user. The members of a set are never referenced by a service, so they are never asked for and
    /// never published.
    /// </summary>
    public static IClusterBroker? For(IResource resource) => resource switch
    {
        RedisResource or RedisServerResource or RedisReplicaSetResource => new ClusterRedis(resource.Name, Tls: BrokerTlsAnnotation.On(resource)),
        RabbitMQServerResource or RabbitMqNodeResource or RabbitMqClusterResource => new ClusterRabbitMq(resource.Name, Tls: BrokerTlsAnnotation.On(resource)),
        // A service's own user of a broker: the same broker, reached as that user.
        BrokerUserResource { Parent: RedisResource or RedisServerResource or RedisReplicaSetResource } user =>
            new ClusterRedis(user.Parent.Name, user.UserName, BrokerTlsAnnotation.On(user)),
        BrokerUserResource { Parent: RabbitMQServerResource or RabbitMqNodeResource or RabbitMqClusterResource } user =>
            new ClusterRabbitMq(user.Parent.Name, user.UserName, BrokerTlsAnnotation.On(user)),
        _ => null,
    };
}

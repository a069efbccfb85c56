using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.RabbitMq;

public static class RabbitMqUserExtensions
{
    /// <summary>RabbitMQ as <paramref name="user"/>'s service reaches it: with that user where the nodes have Handoff's users.</summary>
    public static IResourceBuilder<BrokerUserResource> UserFor(this IResourceBuilder<IResourceWithConnectionString> rabbitmq, RabbitMqUser user)
    {
        var connectionString = rabbitmq.Resource switch
        {
            RabbitMqNodeResource { AccessControl: { } users } node => users.ConnectionString(node.Hosts, user),
            RabbitMqClusterResource { AccessControl: { } users } cluster => users.ConnectionString(cluster.Hosts, user),
            var broker => broker.ConnectionStringExpression,
        };
        return rabbitmq.ApplicationBuilder.CreateResourceBuilder(
            new BrokerUserResource($"{rabbitmq.Resource.Name}-{user.Name}", rabbitmq.Resource, user.Name, connectionString));
    }
}

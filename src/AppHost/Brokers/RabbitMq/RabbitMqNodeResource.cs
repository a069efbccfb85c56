using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>
/// Debian's rabbitmq-server as an Aspire executable: a whole RabbitMQ, or one node of a <see cref="RabbitMqClusterResource"/>.
/// Its connection string is its own address, with the broker's default local user.
/// </summary>
public sealed class RabbitMqNodeResource(string name, RabbitMqNodeLayout layout)
    : ExecutableResource(name, RabbitMqNodeLayout.Program, layout.Directory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public RabbitMqNodeLayout Layout { get; } = layout;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Layout.ConnectionString}");
}

using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>
/// Debian's rabbitmq-server as an Aspire executable: a whole RabbitMQ, or one node of a <see cref="RabbitMqClusterResource"/>.
/// Its connection string is its own address, with the administrator Handoff's users include (<see cref="AccessControl"/>).
/// </summary>
public sealed class RabbitMqNodeResource(string name, RabbitMqNodeLayout layout)
    : ExecutableResource(name, RabbitMqNodeLayout.Program, layout.Directory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public RabbitMqNodeLayout Layout { get; } = layout;

    public RabbitMqAccessControl? AccessControl { get; set; }

    public string Hosts => $"127.0.0.1:{Layout.Port}";

    public ReferenceExpression ConnectionStringExpression =>
        AccessControl?.ConnectionString(Hosts) ?? ReferenceExpression.Create($"{Layout.ConnectionString}");
}

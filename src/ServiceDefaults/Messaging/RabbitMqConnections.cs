using RabbitMQ.Client;

namespace Handoff.ServiceDefaults.Messaging;

/// <summary>Plain RabbitMQ.Client connections (outside MassTransit) to whichever node of the connection string answers first.</summary>
public static class RabbitMqConnections
{
    public static Task<IConnection> OpenAsync(RabbitMqConnectionString broker, string clientName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            UserName = broker.UserName,
            Password = broker.Password,
            VirtualHost = broker.VirtualHost,
            RequestedConnectionTimeout = timeout,
            AutomaticRecoveryEnabled = false,
        };
        var endpoints = broker.Nodes.Select(node =>
            new AmqpTcpEndpoint(node.Host, node.Port, new SslOption(node.Host, enabled: broker.UseTls)));
        return factory.CreateConnectionAsync(endpoints, clientName, cancellationToken);
    }
}

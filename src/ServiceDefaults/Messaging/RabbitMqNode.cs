namespace Handoff.ServiceDefaults.Messaging;

/// <summary>One broker node of a connection string: a host name or IPv4 address, and its AMQP port.</summary>
public sealed record RabbitMqNode(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}

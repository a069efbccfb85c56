namespace Handoff.TestSupport.Brokers.Provisioning;

public sealed class LocalRabbitMqEndpoint(RabbitMqBroker broker)
    : LocalProcessEndpoint<RabbitMqBroker>(broker, broker.Port, broker.ConnectionString), IRabbitMqEndpoint;

namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>A RabbitMQ broker; its connection string is an <c>amqp://user:password@host:port/</c> URI.</summary>
public interface IRabbitMqEndpoint : IProvisionedEndpoint;

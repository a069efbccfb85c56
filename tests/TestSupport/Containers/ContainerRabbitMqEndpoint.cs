using Handoff.TestSupport.Brokers.Provisioning;
using Testcontainers.RabbitMq;

namespace Handoff.TestSupport.Containers;

public sealed class ContainerRabbitMqEndpoint(RabbitMqContainer container)
    : ContainerEndpoint(container, RabbitMqBuilder.RabbitMqPort, container.GetConnectionString()), IRabbitMqEndpoint;

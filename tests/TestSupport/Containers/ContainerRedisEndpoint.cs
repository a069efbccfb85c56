using Handoff.TestSupport.Brokers.Provisioning;
using Testcontainers.Redis;

namespace Handoff.TestSupport.Containers;

public sealed class ContainerRedisEndpoint(RedisContainer container)
    : ContainerEndpoint(container, RedisBuilder.RedisPort, container.GetConnectionString()), IRedisEndpoint;

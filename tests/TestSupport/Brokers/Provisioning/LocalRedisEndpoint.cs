namespace Handoff.TestSupport.Brokers.Provisioning;

public sealed class LocalRedisEndpoint(RedisServer server)
    : LocalProcessEndpoint<RedisServer>(server, server.Port, server.ConnectionString), IRedisEndpoint;

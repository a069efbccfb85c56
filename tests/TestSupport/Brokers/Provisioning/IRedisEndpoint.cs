namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>A Redis server; its connection string is StackExchange.Redis's <c>host:port</c>.</summary>
public interface IRedisEndpoint : IProvisionedEndpoint;

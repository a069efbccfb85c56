using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// Debian's <c>redis-server</c> as an Aspire executable on a loopback port of its own: a whole Redis, or one node
/// (primary, replica or sentinel) of a <see cref="RedisReplicaSetResource"/>. Its connection string is its own address.
/// </summary>
public sealed class RedisServerResource(string name, int port, string dataDirectory)
    : ExecutableResource(name, RedisServerArguments.Program, dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public int Port { get; } = port;

    public string DataDirectory { get; } = dataDirectory;

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}

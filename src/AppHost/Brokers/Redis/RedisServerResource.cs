using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// Debian's <c>redis-server</c> as an Aspire executable on a loopback port of its own: a whole Redis, or one node
/// (primary, replica or sentinel) of a <see cref="RedisReplicaSetResource"/>. Its connection string is its own address,
/// with the operator's user when it runs with Handoff's ACL users (<see cref="AccessControl"/>).
/// </summary>
public sealed class RedisServerResource(string name, int port, string dataDirectory)
    : ExecutableResource(name, RedisServerArguments.Program, dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public int Port { get; } = port;

    public string DataDirectory { get; } = dataDirectory;

    public EndpointReference Endpoint => new(this, EndpointName);

    public RedisAccessControl? AccessControl { get; set; }

    public string Address => $"127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public ReferenceExpression ConnectionStringExpression => AccessControl is { } users
        ? ReferenceExpression.Create($"{Address},user={RedisAccessControl.OperatorName},password={users.OperatorPassword}")
        : ReferenceExpression.Create($"{Address}");
}

using Handoff.Hosting.Infrastructure;

namespace Handoff.Hosting.Orchestration;

/// <summary>
/// RabbitMQ: one node (<see cref="RabbitMqBroker"/>), or a cluster of <c>ports.Count</c> nodes (<see cref="RabbitMqCluster"/>)
/// whose connection string lists every node. In a cluster a node that dies is restarted on its own and rejoins (counted as
/// the resource's restarts); the whole resource restarts only if a node cannot come back.
/// </summary>
public sealed class RabbitMqResource(string name, IReadOnlyList<int> ports) : ServerResource<IProvisionedServer>(name, ports[0])
{
    public RabbitMqResource(string name, int port)
        : this(name, [port])
    {
    }

    public IReadOnlyList<int> Ports { get; } = ports;

    public override string Kind => Ports.Count == 1 ? "RabbitMQ" : $"RabbitMQ ({Ports.Count}-node cluster)";

    public override string Endpoint => $"amqp://{Hosts}";

    public override string ConnectionString => $"amqp://guest:guest@{Hosts}/";

    private string Hosts => string.Join(',', Ports.Select(port => $"127.0.0.1:{port}"));

    /// <summary>Healthy when every node answers the AMQP handshake.</summary>
    protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        foreach (var port in Ports)
        {
            if (!await Readiness.AmqpHandshakeAsync(port, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    protected override async Task<IProvisionedServer> StartServerAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        if (Ports.Count == 1)
        {
            return await RabbitMqBroker.StartAsync(dataDirectory, Port, log, cancellationToken);
        }

        var cluster = await RabbitMqCluster.StartAsync(dataDirectory, Ports, log, RestartPolicy.DelayAfter, cancellationToken);
        cluster.NodeRestarted += _ => CountRestart();
        return cluster;
    }

    protected override Task ExitedAsync(IProvisionedServer server) => server is RabbitMqCluster cluster ? cluster.Lost : server.Process.Exited;
}

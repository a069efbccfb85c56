using Handoff.Hosting.Infrastructure;

namespace Handoff.Hosting.Orchestration;

public sealed class RabbitMqResource(string name, int port) : ServerResource<RabbitMqBroker>(name, port)
{
    public override string Kind => "RabbitMQ";

    public override string Endpoint => $"amqp://127.0.0.1:{Port}";

    public override string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) => Readiness.AmqpHandshakeAsync(Port, cancellationToken);

    protected override Task<RabbitMqBroker> StartServerAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken) =>
        RabbitMqBroker.StartAsync(dataDirectory, Port, log, cancellationToken);
}

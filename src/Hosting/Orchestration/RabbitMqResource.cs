using Handoff.Hosting.Infrastructure;

namespace Handoff.Hosting.Orchestration;

public sealed class RabbitMqResource(string name, int port) : Resource(name)
{
    private RabbitMqBroker? _broker;

    public override string Kind => "RabbitMQ";

    public override string Endpoint => $"amqp://127.0.0.1:{port}";

    public override int? Pid => _broker?.Process.Pid;

    public RabbitMqBroker? Broker => _broker;

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{port}/";

    public override IEnumerable<KeyValuePair<string, string>> ReferenceEnvironment =>
        [new($"ConnectionStrings__{Name}", ConnectionString)];

    protected override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _broker = await RabbitMqBroker.StartAsync(Path.Combine(context.DataDirectory, Name), port,
            line => context.Log(Name, line), cancellationToken);
        WatchForExit(_broker.Process.Exited);
    }

    public override async Task StopAsync()
    {
        if (_broker is not null)
        {
            MarkStopping();
            await _broker.StopAsync();
        }
    }
}

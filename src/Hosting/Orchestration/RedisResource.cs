using Handoff.Hosting.Infrastructure;

namespace Handoff.Hosting.Orchestration;

public sealed class RedisResource(string name, int port) : Resource(name)
{
    private RedisServer? _server;

    public override string Kind => "Redis";

    public override string Endpoint => $"redis://127.0.0.1:{port}";

    public override int? Pid => _server?.Process.Pid;

    public RedisServer? Server => _server;

    public string ConnectionString => $"127.0.0.1:{port}";

    public override IEnumerable<KeyValuePair<string, string>> ReferenceEnvironment =>
        [new($"ConnectionStrings__{Name}", ConnectionString)];

    protected override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _server = await RedisServer.StartAsync(Path.Combine(context.DataDirectory, Name), port,
            line => context.Log(Name, line), cancellationToken);
        WatchForExit(_server.Process.Exited);
    }

    public override async Task StopAsync()
    {
        if (_server is not null)
        {
            MarkStopping();
            await _server.StopAsync();
        }
    }
}

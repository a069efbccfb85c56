using Handoff.Hosting.Infrastructure;

namespace Handoff.Hosting.Orchestration;

/// <summary>A broker run from a Debian package on a loopback port, handed to projects as <c>ConnectionStrings__{name}</c>.</summary>
public abstract class ServerResource<TServer>(string name, int port) : Resource(name)
    where TServer : class, IProvisionedServer
{
    public TServer? Server { get; private set; }

    public int Port { get; } = port;

    public override int? Pid => Server?.Process.Pid;

    public override DateTimeOffset? StartedAt => Server is { Process.HasExited: false } server ? server.Process.StartedAt : null;

    public override IReadOnlyDictionary<string, string> DisplayEnvironment =>
        new Dictionary<string, string> { [$"ConnectionStrings__{Name}"] = ConnectionString };

    public abstract string ConnectionString { get; }

    public override IEnumerable<KeyValuePair<string, string>> ReferenceEnvironment =>
        [new($"ConnectionStrings__{Name}", ConnectionString)];

    protected abstract Task<TServer> StartServerAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken);

    protected override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        Server = await StartServerAsync(Path.Combine(context.DataDirectory, Name), line => context.Log(Name, line), cancellationToken);
        WatchForExit(ExitedAsync(Server));
    }

    /// <summary>Completes when the server as a whole has gone and must be restarted: by default, when its process ends.</summary>
    protected virtual Task ExitedAsync(TServer server) => server.Exited;

    protected override async Task StopProcessAsync()
    {
        if (Server is not null)
        {
            await Server.StopAsync();
        }
    }
}

using Handoff.TestSupport.Processes;

namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>A server we run as child processes: its endpoint, and the server itself for what needs its PIDs.</summary>
public abstract class LocalProcessEndpoint<TServer>(TServer server, int port, string connectionString) : IProvisionedEndpoint, IProvisionedServer
    where TServer : IProvisionedServer, IAsyncDisposable
{
    public TServer Server { get; } = server;

    public ChildProcess Process => Server.Process;

    public int Port { get; } = port;

    public string ConnectionString { get; } = connectionString;

    public Task StopAsync() => Server.StopAsync();

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Server.DisposeAsync();
    }
}

using Handoff.TestSupport.Processes;

namespace Handoff.TestSupport.Brokers;

/// <summary>A server the provisioning code started: its main process, and how to stop everything it runs.</summary>
public interface IProvisionedServer
{
    ChildProcess Process { get; }

    /// <summary>Completes when the server no longer serves at all: for a set of nodes, when the last one has exited.</summary>
    Task Exited => Process.Exited;

    Task StopAsync();
}

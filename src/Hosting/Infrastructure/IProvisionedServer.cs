using Handoff.Hosting.Processes;

namespace Handoff.Hosting.Infrastructure;

/// <summary>A server the provisioning code started: its main process, and how to stop everything it runs.</summary>
public interface IProvisionedServer
{
    ChildProcess Process { get; }

    Task StopAsync();
}

using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.Provisioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.AppHost.Services;

/// <summary>
/// Shows each running project instance's own PID beside the wrapper's (property <see cref="PidProperty"/>). As the
/// AppHost stops it sends each service SIGTERM, as Ctrl+C on the service itself would (DCP stops the <c>dotnet run</c>
/// wrapper, which does not pass the signal on); once the AppHost has stopped it kills any service still running,
/// so that nothing survives the AppHost.
/// </summary>
public sealed class ServiceProcesses(ResourceNotificationService notifications, IHostApplicationLifetime lifetime, ILogger<ServiceProcesses> logger)
    : ResourceWatcher(notifications, lifetime)
{
    public const string PidProperty = "handoff.service.pid";

    // What DCP calls the PID of the process it started (Aspire's KnownProperties.Executable.Pid, which is internal).
    private const string ExecutablePidProperty = "executable.pid";

    private readonly ConcurrentDictionary<string, (int Wrapper, int Service)> _known = new();

    protected override bool Watches(DistributedApplicationModel model)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        Lifetime.ApplicationStopping.Register(StopServices);
        Lifetime.ApplicationStopped.Register(KillSurvivors);
        return true;
    }

    protected override async Task OnUpdateAsync(ResourceEvent update, CancellationToken stopping)
    {
        if (update.Resource is not ProjectResource project
            || update.Snapshot.State?.Text != KnownResourceStates.Running
            || update.Snapshot.Properties.FirstOrDefault(property => property.Name == ExecutablePidProperty)?.Value is not { } pidValue
            || !int.TryParse(pidValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var wrapper)
            || (_known.TryGetValue(update.ResourceId, out var known) && known.Wrapper == wrapper))
        {
            return;
        }

        var assembly = Path.GetFileNameWithoutExtension(project.GetProjectMetadata().ProjectPath);
        if (await FindAsync(wrapper, assembly, stopping) is not { } service)
        {
            return;
        }

        _known[update.ResourceId] = (wrapper, service);
        await Notifications.PublishUpdateAsync(project, update.ResourceId, snapshot => snapshot with
        {
            Properties = snapshot.Properties.With(PidProperty, service.ToString(CultureInfo.InvariantCulture)),
        });
    }

    /// <summary>The wrapper starts the service a moment after it reports Running: look for a few seconds.</summary>
    private static async Task<int?> FindAsync(int wrapper, string assembly, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (ServiceProcessTree.FindService(wrapper, assembly) is { } service)
            {
                return service;
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }

    private void StopServices()
    {
        foreach (var (_, service) in _known.Values)
        {
            PosixSignals.Signal(service, PosixSignals.SigTerm);
        }
    }

    private void KillSurvivors()
    {
        // A graceful stop (Kestrel draining, the bus closing) can still be under way: give it a moment.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (_known.Values.Any(pair => ServiceProcessTree.IsAlive(pair.Service)) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        foreach (var (resource, (_, service)) in _known)
        {
            if (ServiceProcessTree.IsAlive(service))
            {
                logger.LogWarning("{Resource}'s process {Pid} outlived the AppHost's stop: killing it", resource, service);
                try
                {
                    System.Diagnostics.Process.GetProcessById(service).Kill(entireProcessTree: true);
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // It exited meanwhile.
                }
            }
        }
    }
}

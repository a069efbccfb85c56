using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.ServiceDefaults.Hosting;

/// <summary>
/// Stops the application once its parent process has died (<see cref="HostingOptions.ExitWithParent"/>), which
/// Linux shows as a new parent: the orphan is re-parented to init or the nearest subreaper. A stop that has not
/// ended the process <see cref="ExitGrace"/> later ends it with exit code 1.
/// </summary>
/// <param name="parent">
/// The parent when the host was built. Hosted services start only after the ones before them have (a Redis connect
/// can take its full timeout): read then, a parent killed meanwhile would already be init and never change.
/// </param>
public sealed class ParentProcessWatch(
    int parent,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ParentProcessWatch> logger,
    Func<int> currentParentId,
    Action<int> exit) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    // Held here so that it is not collected before it fires.
    private ITimer? _exitUnlessStopped;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = currentParentId();
                if (now != parent)
                {
                    logger.LogWarning("The parent process {Parent} has died (this process now belongs to {NewParent}): stopping", parent, now);
                    // Not awaited in here: the host waits for this method to return before it finishes stopping.
                    _exitUnlessStopped = time.CreateTimer(_ => ExitUnlessStopped(), null, ExitGrace, Timeout.InfiniteTimeSpan);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void ExitUnlessStopped()
    {
        if (!lifetime.ApplicationStopped.IsCancellationRequested)
        {
            logger.LogError("The application did not stop within {Grace} of its parent's death: exiting", ExitGrace);
            exit(1);
        }
    }
}

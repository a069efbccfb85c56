using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.AppHost.Restarts;

/// <summary>
/// Restarts a crashed resource (DCP does not) with <see cref="RestartBackoff"/>, through the same start command the
/// dashboard's button uses, and shows how often on the resource (property <see cref="RestartsProperty"/>).
/// </summary>
public sealed class CrashRestarts(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CrashRestarts> logger) : ResourceWatcher(notifications, lifetime)
{
    public const string RestartsProperty = "handoff.restarts";

    private readonly ConcurrentDictionary<string, CrashWatch> _watches = new();

    protected override Task OnUpdateAsync(ResourceEvent update, CancellationToken stopping)
    {
        if (update.Resource is not (ExecutableResource or ProjectResource))
        {
            return Task.CompletedTask;
        }

        var watch = _watches.GetOrAdd(update.ResourceId, _ => new CrashWatch());
        if (watch.Observe(update.Snapshot.State?.Text, time.GetUtcNow()) is { } delay)
        {
            logger.LogWarning("{Resource} crashed (state {State}, exit code {ExitCode}); restarting it in {Delay} s",
                update.ResourceId, update.Snapshot.State?.Text, update.Snapshot.ExitCode, delay.TotalSeconds);
            _ = RestartAsync(update.Resource, update.ResourceId, watch, delay, stopping);
        }

        return Task.CompletedTask;
    }

    private async Task RestartAsync(IResource resource, string resourceId, CrashWatch watch, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success)
            {
                logger.LogError("Restarting {Resource} failed: {Reason}", resourceId, result.Message);
                return;
            }

            watch.Restarted();
            await Notifications.PublishUpdateAsync(resource, resourceId, snapshot => snapshot with
            {
                Properties = snapshot.Properties.With(RestartsProperty, watch.Restarts.ToString(CultureInfo.InvariantCulture)),
            });
            logger.LogInformation("{Resource} restarted after a crash (restart {Count})", resourceId, watch.Restarts);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}

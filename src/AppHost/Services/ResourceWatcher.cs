using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Hosting;

namespace Handoff.AppHost.Services;

/// <summary>
/// What our eventing subscribers share: from the moment the application starts until it stops, every resource
/// instance's state changes (replicas included), one at a time, as the dashboard sees them.
/// </summary>
public abstract class ResourceWatcher(ResourceNotificationService notifications, IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    protected ResourceNotificationService Notifications { get; } = notifications;

    protected IHostApplicationLifetime Lifetime { get; } = lifetime;

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, cancellation) =>
            {
                if (Watches(@event.Model))
                {
                    _ = FollowAsync(Lifetime.ApplicationStopping);
                }

                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether this model has anything to watch.</summary>
    protected virtual bool Watches(DistributedApplicationModel model) => true;

    protected abstract Task OnUpdateAsync(ResourceEvent update, CancellationToken stopping);

    private async Task FollowAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var update in Notifications.WatchAsync(stopping))
            {
                await OnUpdateAsync(update, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }
}

using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Hosting;

namespace Handoff.AppHost.Services;

/// <summary>
/// The latest snapshot of every resource instance, replicas included (DCP names them <c>{name}-{suffix}</c>), for
/// what needs each replica rather than the proxied address: the funnel command scrapes every one.
/// </summary>
public sealed class RunningInstances(ResourceNotificationService notifications, IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();

    public IReadOnlyList<ResourceEvent> Of(string resourceName) =>
        [.. _latest.Values.Where(update => update.Resource.Name == resourceName).OrderBy(update => update.ResourceId, StringComparer.Ordinal)];

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((_, _) =>
            {
                _ = FollowAsync(lifetime.ApplicationStopping);
                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    private async Task FollowAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                _latest[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}

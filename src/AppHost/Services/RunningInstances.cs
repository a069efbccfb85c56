using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Handoff.AppHost.Services;

/// <summary>
/// The latest snapshot of every resource instance, replicas included (DCP names them <c>{name}-{suffix}</c>), for
/// what needs each replica rather than the proxied address: the funnel command scrapes every one.
/// </summary>
public sealed class RunningInstances(ResourceNotificationService notifications, IHostApplicationLifetime lifetime) : ResourceWatcher(notifications, lifetime)
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();

    public IReadOnlyList<ResourceEvent> Of(string resourceName) =>
        [.. _latest.Values.Where(update => update.Resource.Name == resourceName).OrderBy(update => update.ResourceId, StringComparer.Ordinal)];

    protected override Task OnUpdateAsync(ResourceEvent update, CancellationToken stopping)
    {
        _latest[update.ResourceId] = update;
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Handoff.TestSupport.AppHost;

/// <summary>
/// Every change of state or health the AppHost published for its resources while the log followed them, with when
/// it saw it: what a test reads to say a kill was seen as a crash and the group was degraded meanwhile.
/// </summary>
public sealed class ResourceStateLog : IAsyncDisposable
{
    private readonly ConcurrentQueue<ResourceStateChange> _changes = new();
    private readonly ConcurrentDictionary<string, ResourceStateChange> _latest = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;

    private ResourceStateLog(ResourceNotificationService notifications) => _following = FollowAsync(notifications);

    public static ResourceStateLog Follow(AspireAppHost host) => new(host.Notifications);

    /// <param name="resource">A resource instance's id (DCP's <c>redis-0-abcdefgh</c>), or a resource's name.</param>
    public IReadOnlyList<ResourceStateChange> Of(string resource) =>
        [.. _changes.Where(change => change.ResourceId == resource || change.Resource == resource)];

    /// <summary>The first change of <paramref name="resource"/> after <paramref name="since"/> that matches.</summary>
    public ResourceStateChange? FirstAfter(string resource, DateTimeOffset since, Func<ResourceStateChange, bool> matches) =>
        Of(resource).FirstOrDefault(change => change.At >= since && matches(change));

    public string Describe(string resource, DateTimeOffset since) =>
        string.Join(" → ", Of(resource).Where(change => change.At >= since)
            .Select(change => $"{change.State}/{change.Health?.ToString() ?? "-"}{(change.ExitCode is { } code ? $" (exit {code})" : "")} +{(change.At - since).TotalSeconds:F1}s"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }

    private async Task FollowAsync(ResourceNotificationService notifications)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(_stop.Token))
            {
                var change = new ResourceStateChange(DateTimeOffset.UtcNow, update.Resource.Name, update.ResourceId, update.Snapshot.State?.Text, update.Snapshot.HealthStatus, update.Snapshot.ExitCode);
                var previous = _latest.GetValueOrDefault(update.ResourceId);
                if (previous is null || previous.State != change.State || previous.Health != change.Health)
                {
                    _latest[update.ResourceId] = change;
                    _changes.Enqueue(change);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>A resource instance's state and health as published at <see cref="At"/>.</summary>
public sealed record ResourceStateChange(DateTimeOffset At, string Resource, string ResourceId, string? State, HealthStatus? Health, int? ExitCode);

using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Handoff.AppHost.Brokers.Provisioning;
using Microsoft.Extensions.Hosting;

namespace Handoff.AppHost.Brokers;

/// <summary>
/// DCP knows nothing of a group of broker processes, so its state is ours: Starting until every member runs, then
/// Running; a member that stops makes it Degraded (its health check says what is missing) until the member is back.
/// </summary>
internal sealed class BrokerGroupState(ResourceNotificationService notifications, IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    private readonly ConcurrentDictionary<string, string?> _memberStates = new();

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, cancellation) =>
            {
                var groups = @event.Model.Resources.OfType<IBrokerGroup>().ToList();
                if (groups.Count > 0)
                {
                    _ = FollowAsync(groups, lifetime.ApplicationStopping);
                }

                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    private async Task FollowAsync(IReadOnlyList<IBrokerGroup> groups, CancellationToken stopping)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                foreach (var group in groups.Where(group => group.Members.Contains(update.Resource)))
                {
                    _memberStates[update.Resource.Name] = update.Snapshot.State?.Text;
                    var states = group.Members.Select(member => _memberStates.GetValueOrDefault(member.Name)).ToList();
                    var running = states.Count(state => state == KnownResourceStates.Running);
                    var wasRunning = notifications.TryGetCurrentState(group.Name, out var current) && current.Snapshot.StartTimeStamp is not null;
                    var next = running == states.Count
                        ? new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success)
                        : wasRunning
                            ? new ResourceStateSnapshot("Degraded", KnownResourceStateStyles.Warn)
                            : new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info);
                    await notifications.PublishUpdateAsync(group, snapshot => snapshot with
                    {
                        State = next,
                        StartTimeStamp = snapshot.StartTimeStamp ?? (running == states.Count ? DateTime.UtcNow : null),
                        Properties = snapshot.Properties.With("members.running", $"{running} of {states.Count}"),
                    });
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }
}

using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Services;
using Handoff.AppHost.Brokers.Provisioning;
using Microsoft.Extensions.Hosting;

namespace Handoff.AppHost.Brokers;

/// <summary>
/// DCP knows nothing of a group of broker processes, so its state is ours: Starting until every member runs, then
/// Running; a member that stops makes it Degraded (its health check says what is missing) until the member is back.
/// </summary>
internal sealed class BrokerGroupState(ResourceNotificationService notifications, IHostApplicationLifetime lifetime) : ResourceWatcher(notifications, lifetime)
{
    private readonly ConcurrentDictionary<string, string?> _memberStates = new();

    private IReadOnlyList<IBrokerGroup> _groups = [];

    protected override bool Watches(DistributedApplicationModel model)
    {
        _groups = [.. model.Resources.OfType<IBrokerGroup>()];
        return _groups.Count > 0;
    }

    protected override async Task OnUpdateAsync(ResourceEvent update, CancellationToken stopping)
    {
        foreach (var group in _groups.Where(group => group.Members.Contains(update.Resource)))
        {
            _memberStates[update.Resource.Name] = update.Snapshot.State?.Text;
            var states = group.Members.Select(member => _memberStates.GetValueOrDefault(member.Name)).ToList();
            var running = states.Count(state => state == KnownResourceStates.Running);
            var wasRunning = Notifications.TryGetCurrentState(group.Name, out var current) && current.Snapshot.StartTimeStamp is not null;
            var next = running == states.Count
                ? new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success)
                : wasRunning
                    ? new ResourceStateSnapshot("Degraded", KnownResourceStateStyles.Warn)
                    : new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info);
            await Notifications.PublishUpdateAsync(group, snapshot => snapshot with
            {
                State = next,
                StartTimeStamp = snapshot.StartTimeStamp ?? (running == states.Count ? DateTime.UtcNow : null),
                Properties = snapshot.Properties.With("members.running", $"{running} of {states.Count}"),
            });
        }
    }
}

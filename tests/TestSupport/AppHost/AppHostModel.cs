using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.TestSupport.AppHost;

/// <summary>What a test reads of the AppHost's model and of the snapshots the dashboard shows.</summary>
public static class AppHostModel
{
    /// <summary>The one resource of type <typeparamref name="T"/> the AppHost built (a broker's parent, with its members' layouts).</summary>
    public static T ModelResource<T>(this AspireAppHost host) where T : IResource =>
        host.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<T>().Single();

    /// <summary>Waits until <paramref name="resource"/>'s snapshot meets <paramref name="condition"/>; past the timeout, fails with what it shows.</summary>
    public static async Task WaitForSnapshotAsync(this AspireAppHost host, string resource, Func<CustomResourceSnapshot, bool> condition,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await host.Notifications.WaitForResourceAsync(resource, update => condition(update.Snapshot), deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var snapshot = host.Snapshot(resource);
            throw new TimeoutException($"{resource} is {snapshot.State?.Text}/{snapshot.HealthStatus} {timeout.TotalSeconds:F0} s on: " +
                string.Join("; ", [.. snapshot.Properties.Where(property => property.Name == "members.running").Select(property => $"members {property.Value}"),
                    .. snapshot.HealthReports.Select(health => $"{health.Name} {health.Status} {health.Description}")]));
        }
    }

    /// <summary>A property of the snapshot (<c>handoff.restarts</c>, <c>members.running</c>) as text; null when it is not set.</summary>
    public static string? Property(this CustomResourceSnapshot snapshot, string name) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == name)?.Value?.ToString();
}

namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Runs around the resources' lifetime, as Aspire's lifecycle hooks do: the dashboard starts before any
/// resource (so every service can be told where to export) and stops after the last.
/// </summary>
public interface IDistributedApplicationLifecycleHook : IAsyncDisposable
{
    Task BeforeStartAsync(DistributedApplication application, CancellationToken cancellationToken);

    /// <summary>Lines for the "Handoff is running" summary.</summary>
    IEnumerable<string> SummaryLines { get; }
}

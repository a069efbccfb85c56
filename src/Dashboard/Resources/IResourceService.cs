namespace Handoff.Dashboard.Resources;

/// <summary>
/// What the dashboard knows of the AppHost's resources, the way Aspire's dashboard reads them from the
/// AppHost's resource service. The AppHost implements it over its own orchestration.
/// </summary>
public interface IResourceService
{
    /// <summary>Raised (from any thread) when a resource changes state, health or restart count.</summary>
    event Action? Changed;

    IReadOnlyList<ResourceView> GetResources();

    IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName);

    /// <summary>Raised (from any thread) when a resource writes a console line.</summary>
    event Action<string, ConsoleLogLine>? ConsoleLineAdded;

    Task RestartAsync(string resourceName, CancellationToken cancellationToken);
}

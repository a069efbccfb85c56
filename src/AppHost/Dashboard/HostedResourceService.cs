using Handoff.Dashboard.Resources;
using Handoff.Hosting.Orchestration;

namespace Handoff.AppHost.Dashboard;

/// <summary>The dashboard's view of the AppHost's resources (Aspire's dashboard reads the same from its resource service).</summary>
internal sealed class HostedResourceService : IResourceService
{
    private readonly IReadOnlyList<Resource> _resources;

    public HostedResourceService(IReadOnlyList<Resource> resources)
    {
        _resources = resources;
        foreach (var resource in resources)
        {
            resource.Changed += _ => Changed?.Invoke();
            resource.ConsoleLog.LineAdded += line => ConsoleLineAdded?.Invoke(resource.Name, ToView(line));
        }
    }

    public event Action? Changed;

    public event Action<string, ConsoleLogLine>? ConsoleLineAdded;

    public IReadOnlyList<ResourceView> GetResources() =>
        _resources.Select(resource => new ResourceView(
            resource.Name,
            resource.Kind,
            resource.State.ToString(),
            resource.Health.ToString(),
            resource.Pid,
            resource.StartedAt,
            Endpoints(resource),
            resource.RestartCount,
            resource.DisplayEnvironment)).ToList();

    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName) =>
        Find(resourceName)?.ConsoleLog.Snapshot().Select(ToView).ToList() ?? [];

    public Task RestartAsync(string resourceName, CancellationToken cancellationToken) =>
        (Find(resourceName) ?? throw new InvalidOperationException($"No resource is named '{resourceName}'.")).RestartAsync();

    private Resource? Find(string name) => _resources.FirstOrDefault(resource => resource.Name == name);

    private static List<string> Endpoints(Resource resource) => resource switch
    {
        ProjectResource { ProjectName: "BotGateway" } gateway => [$"{gateway.Endpoint}/api/messages", $"{gateway.Endpoint}/health"],
        ProjectResource project => [project.Endpoint, $"{project.Endpoint}/health"],
        _ => [resource.Endpoint],
    };

    private static ConsoleLogLine ToView(ConsoleLine line) => new(line.Number, line.Timestamp, line.Text);
}

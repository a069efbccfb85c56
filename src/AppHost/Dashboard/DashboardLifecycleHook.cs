using System.Security.Cryptography;
using Handoff.Dashboard.Hosting;
using Handoff.Hosting.Orchestration;

namespace Handoff.AppHost.Dashboard;

/// <summary>
/// Starts the dashboard before any resource, tells every service where to export its telemetry (with the
/// OTLP API key), prints the login link, and stops the dashboard after the last resource.
/// </summary>
internal sealed class DashboardLifecycleHook(int uiPort, string? browserToken) : IDistributedApplicationLifecycleHook
{
    private DashboardWebApplication? _dashboard;

    public IEnumerable<string> SummaryLines =>
        _dashboard is null ? [] : [$"Dashboard: {_dashboard.Endpoints.LoginLink}"];

    public async Task BeforeStartAsync(DistributedApplication application, CancellationToken cancellationToken)
    {
        _dashboard = await DashboardWebApplication.StartAsync(
            new DashboardOptions
            {
                UiPort = uiPort,
                BrowserToken = string.IsNullOrWhiteSpace(browserToken) ? Secret() : browserToken,
                OtlpApiKey = Secret(),
            },
            new HostedResourceService(application.Resources),
            cancellationToken);

        foreach (var project in application.Resources.OfType<ProjectResource>())
        {
            foreach (var (name, value) in _dashboard.Endpoints.ServiceEnvironment)
            {
                project.Environment.TryAdd(name, value);
            }
        }

        application.WriteLine("apphost", $"Dashboard: {_dashboard.Endpoints.LoginLink}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

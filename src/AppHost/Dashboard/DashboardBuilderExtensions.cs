using Handoff.Hosting.Orchestration;
using Microsoft.Extensions.Configuration;

namespace Handoff.AppHost.Dashboard;

internal static class DashboardBuilderExtensions
{
    /// <summary>
    /// The SRE's dashboard (Aspire's starts implicitly; ours is one line so it can be left out).
    /// <c>--dashboard-port</c> picks its port (default 18888, a free one if taken).
    /// </summary>
    public static DistributedApplicationBuilder AddDashboard(this DistributedApplicationBuilder builder) =>
        builder.AddLifecycleHook(new DashboardLifecycleHook(
            builder.Configuration.GetValue("AppHost:DashboardPort", 18888),
            builder.Configuration["AppHost:DashboardToken"]));
}

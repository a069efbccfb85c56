using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;

[assembly: AssemblyFixture(typeof(Handoff.EndToEnd.Tests.HandoffSystemFixture))]

namespace Handoff.EndToEnd.Tests;

/// <summary>The whole system, started once for the suite by the real AppHost, and a recording Bot Connector.</summary>
public sealed class HandoffSystemFixture : IAsyncLifetime
{
    /// <summary>The admin key of the shared system, for the diagnostics endpoint.</summary>
    public const string AdminKey = "e2e-shared-admin-api-key-of-32-chars-or-more";

    public AspireAppHost AppHost { get; private set; } = null!;

    public RecordingConnector Connector { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Connector = await RecordingConnector.StartAsync();
        AppHost = await AspireAppHost.StartAsync(new Dictionary<string, string>
        {
            ["Admin__ApiKey"] = AdminKey,
            // Some suites drive one user hard on purpose (ConversationState's own per-user limit, the fuzzer's seeds);
            // the gateway's inbound limits are tested on a system of their own (RateLimitTests).
            ["RateLimits__UserActivitiesPerMinute"] = "1000000",
            // Short enough that QuietDuplicatesTests can click again "later" without waiting the production minute.
            ["State__AlreadyContinuingNoticeWindow"] = QuietDuplicatesTests.NoticeWindow.ToString(),
            // QuietDuplicatesTests counts the repeated clicks the gateway handled from delivery's per-handoff logs (Debug).
            ["Logging__LogLevel__Handoff.BotGateway.Handoff.Delivery"] = "Debug",
            // HandoffFlowTests proves the per-click line (Debug) writes the user and tenant as pseudonyms.
            ["Logging__LogLevel__Handoff.BotGateway.Handoff.Resumption"] = "Debug",
        }, dashboard: true, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (AppHost is not null)
        {
            await AppHost.DisposeAsync();
        }

        if (Connector is not null)
        {
            await Connector.DisposeAsync();
        }
    }

    public TeamsChannel NewUser(string? tenant = null) => new(AppHost.MessagesEndpoint, Connector.ServiceUrl, tenant ?? "tenant-e2e");
}

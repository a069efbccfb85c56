using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Localization;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>
/// A tenant's backlog holds sends in the pacing queue for longer than one attempt may take: the attempt's timeout
/// starts when the pacing lets it go, so a long wait fails nothing and costs no extra attempt (a timeout around the
/// wait would retry, take a later slot, and time out again until the send gave up).
/// </summary>
public sealed class PacingBacklogTests
{
    [Fact]
    public async Task Sends_that_wait_longer_than_the_attempt_timeout_for_their_slot_all_go_once()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var replica = GatewayReplica.Create("127.0.0.1:1,connectTimeout=500", new Dictionary<string, string?>
        {
            ["Connector:SendsPerSecondPerTenant"] = "1",
            ["Connector:AttemptTimeout"] = "00:00:01",
        });
        // With its Redis unreachable the replica paces alone and counts each attempt once, however many slots a late wake
        // (a loaded machine) made it take: one per send means none was retried.
        var meters = replica.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var attempts = new MetricCollector<long>(meters, "Handoff", "handoff.connector.rate_limit.local");
        var tenant = $"tenant-{Guid.NewGuid()}";

        // Thirteen at 1/s: the last waits about 12 s, longer than the default 10 s attempt timeout too.
        await Task.WhenAll(Enumerable.Range(0, 13).Select(i => replica.Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, tenant, $"a:{i}"), OutgoingActivity.Message($"{i}", ReplyLanguage.English), TestContext.Current.CancellationToken)));

        var paced = connector.All.Where(arrival => arrival.TenantId == tenant).Select(arrival => arrival.PacingSlot!.Value).Order().ToList();
        Assert.Equal(13, paced.Count);
        Assert.Equal(13, attempts.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
        Assert.True(paced[^1] - paced[0] >= TimeSpan.FromSeconds(11.5), $"The last send had its slot {(paced[^1] - paced[0]).TotalSeconds:F1} s after the first: the sends were not paced at 1/s");
    }
}

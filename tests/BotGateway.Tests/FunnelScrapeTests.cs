using Handoff.BotGateway.Observability;
using Handoff.Contracts.State;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests;

/// <summary>
/// The gateway's <c>/metrics</c> carries the handoff funnel under the Prometheus names the AppHost's funnel view
/// reads: renaming an instrument, or its unit, breaks that view, so the names are pinned here.
/// </summary>
[Collection(nameof(FunnelScrapeTests))]
public sealed class FunnelScrapeTests(RabbitMqFixture rabbitMq, ITestOutputHelper output)
{
    [Fact]
    public async Task The_funnel_is_scraped_from_metrics_under_the_names_the_AppHost_reads()
    {
        await using var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq.ConnectionString);
            web.WithOwnTurnQueue();
            web.UseSetting("services:conversationstate:http:0", $"http://127.0.0.1:{LoopbackPorts.Free()}");
            web.WithUncheckedStateCallerKey();
        });
        using var http = gateway.CreateClient();
        var metrics = gateway.Services.GetRequiredService<HandoffMetrics>();

        metrics.QueryAnswered(3, TimeSpan.FromMilliseconds(40));
        metrics.ClickAcknowledged(TimeSpan.FromMilliseconds(30));
        metrics.Welcomed(TimeSpan.FromSeconds(21));
        metrics.Rejected(HandoffRejectionReason.Expired);
        metrics.Feedback("up", "welcomed");
        var scrape = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        output.WriteLine(scrape);

        Assert.Matches(@"(?m)^handoff_queries_total\{.*\} 1\b", scrape);
        Assert.Matches(@"(?m)^handoff_cards_total\{.*\} 3\b", scrape);
        Assert.Matches(@"(?m)^handoff_clicks_total\{.*\} 1\b", scrape);
        Assert.Matches(@"(?m)^handoff_outcomes_total\{.*outcome=""welcomed"".*\} 1\b", scrape);
        Assert.Matches(@"(?m)^handoff_outcomes_total\{.*outcome=""rejected"",.*reason=""expired"".*\} 1\b", scrape);
        Assert.Matches(@"(?m)^handoff_feedback_total\{.*reason=""welcomed"",.*vote=""up"".*\} 1\b", scrape);
        Assert.Matches(@"(?m)^handoff_click_ack_duration_seconds_count\{.*\} 1\b", scrape);
        Assert.Matches(@"(?m)^handoff_click_to_welcome_duration_seconds_bucket\{.*le=""20"".*\} 0\b", scrape);
        Assert.Matches(@"(?m)^handoff_click_to_welcome_duration_seconds_bucket\{.*le=""30"".*\} 1\b", scrape);
    }
}

/// <summary>
/// Instruments are listened to by meter name, process-wide, so other tests' gateways add their counts to this
/// scrape (7 cards where the test recorded 3, in a loaded run). This collection runs after the others, alone.
/// </summary>
[CollectionDefinition(nameof(FunnelScrapeTests), DisableParallelization = true)]
public sealed class FunnelScrapeAlone;

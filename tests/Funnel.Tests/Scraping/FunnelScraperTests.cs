using System.Net;
using Handoff.Funnel.Scraping;

namespace Handoff.Funnel.Tests.Scraping;

public sealed class FunnelScraperTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan TimerMargin = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Every_replica_is_scraped_and_a_refused_connection_is_reported_by_name_with_its_reason()
    {
        using var botGateway0 = LoopbackReplica.Serving(Replicas.BotGateway0);
        using var botGateway1 = LoopbackReplica.Serving(Replicas.BotGateway1);
        using var http = new HttpClient();

        var scrape = await new FunnelScraper(http).ScrapeAsync(
        [
            new ScrapeTarget("botgateway-0", botGateway0.BaseAddress),
            new ScrapeTarget("botgateway-1", botGateway1.BaseAddress),
            new ScrapeTarget("handoffservice-0", LoopbackReplica.Refusing()),
        ], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["botgateway-0", "botgateway-1"], scrape.Scraped.Select(replica => replica.Replica));
        var refused = Assert.Single(scrape.Failed);
        Assert.Equal("handoffservice-0", refused.Replica);
        Assert.Contains("refused", refused.Failure, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(100, scrape.Samples.Where(sample => sample.Name == "handoff_queries_total").Sum(sample => sample.Value));
    }

    [Fact]
    public async Task The_metrics_path_is_added_to_the_base_address_with_or_without_a_trailing_slash()
    {
        using var replica = LoopbackReplica.Serving("handoff_clicks_total 1");
        using var http = new HttpClient();
        var withoutSlash = new Uri(replica.BaseAddress.AbsoluteUri.TrimEnd('/'));

        var scrape = await new FunnelScraper(http).ScrapeAsync(
            [new ScrapeTarget("a", replica.BaseAddress), new ScrapeTarget("b", withoutSlash)], cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(scrape.Replicas, result => Assert.True(result.Succeeded, result.Failure));
        Assert.Equal(["/metrics", "/metrics"], replica.Paths);
    }

    [Fact]
    public async Task A_replica_that_does_not_answer_in_time_is_reported_without_holding_up_the_others()
    {
        using var hanging = LoopbackReplica.Hanging();
        using var answering = LoopbackReplica.Serving(Replicas.ConversationState0);
        using var http = new HttpClient();
        var started = TimeProvider.System.GetTimestamp();

        var scrape = await new FunnelScraper(http).ScrapeAsync(
            [new ScrapeTarget("botgateway-0", hanging.BaseAddress), new ScrapeTarget("conversationstate-0", answering.BaseAddress)],
            Short, TestContext.Current.CancellationToken);

        // The timeout's timer may fire a tick before the stopwatch reads 500 ms (CI saw 499.5 ms), hence the margin below.
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), Short - TimerMargin, Short * 6);
        Assert.Equal(("botgateway-0", "no answer within 0.5 s"), (scrape.Replicas[0].Replica, scrape.Replicas[0].Failure));
        Assert.True(scrape.Replicas[1].Succeeded);
    }

    [Fact]
    public async Task A_replica_that_answers_with_an_error_status_is_reported_with_it()
    {
        using var replica = LoopbackReplica.Answering(HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient();

        var scrape = await new FunnelScraper(http).ScrapeAsync([new ScrapeTarget("handoffservice-1", replica.BaseAddress)], Short, TestContext.Current.CancellationToken);

        Assert.Equal("HTTP 503 Service Unavailable", Assert.Single(scrape.Failed).Failure);
    }

    [Fact]
    public void The_default_timeout_is_short_enough_for_a_dashboard_command() =>
        Assert.Equal(TimeSpan.FromSeconds(2), FunnelScraper.DefaultTimeout);
}

using Handoff.Funnel.Markdown;
using Handoff.Funnel.Percentiles;
using Handoff.Funnel.Prometheus;
using Handoff.Funnel.Scraping;
using Handoff.Funnel.Snapshot;

namespace Handoff.Funnel.Tests.Markdown;

public sealed class FunnelMarkdownTests
{
    private static readonly ScrapeResult Scrape = new(
    [
        ReplicaScrape.Scraped("botgateway-0", PrometheusText.Parse(Replicas.BotGateway0)),
        ReplicaScrape.Scraped("botgateway-1", PrometheusText.Parse(Replicas.BotGateway1)),
        ReplicaScrape.Scraped("conversationstate-0", PrometheusText.Parse(Replicas.ConversationState0)),
        ReplicaScrape.Scraped("handoffservice-0", PrometheusText.Parse(Replicas.HandoffService0)),
        ReplicaScrape.Failed("handoffservice-1", "Connection refused (127.0.0.1:5301)"),
    ]);

    private static readonly string Rendered = FunnelMarkdown.Render(FunnelSnapshot.From(Scrape.Samples), Scrape);

    [Theory]
    [InlineData("| Copilot queries | 100 |  |")]
    [InlineData("| Cards shown | 200 | 200.0 % of Copilot queries |")]
    [InlineData("| Tokens minted | 200 | 100.0 % of Cards shown |")]
    [InlineData("| Clicks | 80 | 40.0 % of Tokens minted |")]
    [InlineData("| Redeemed | 45 | 56.3 % of Clicks |")]
    [InlineData("| Welcomed | 60 | 133.3 % of Redeemed |")]
    [InlineData("| Delayed | 2 | 2.5 % of Clicks |")]
    [InlineData("| Failed | 6 | 7.5 % of Clicks |")]
    public void The_funnel_table_shows_each_step_and_its_share(string row) => Assert.Contains(row, Rendered);

    [Fact]
    public void The_replicas_that_could_not_be_scraped_are_named_with_the_reason() =>
        Assert.Contains("from 4 of 5 replicas: botgateway-0, botgateway-1, conversationstate-0, handoffservice-0. **Partial: not scraped** handoffservice-1 (Connection refused (127.0.0.1:5301)).", Rendered);

    [Fact]
    public void A_complete_scrape_does_not_say_partial()
    {
        var complete = new ScrapeResult([ReplicaScrape.Scraped("botgateway-0", PrometheusText.Parse(Replicas.BotGateway0))]);

        Assert.DoesNotContain("Partial", FunnelMarkdown.Render(FunnelSnapshot.From(complete.Samples), complete));
    }

    [Fact]
    public void Failures_are_listed_by_reason_code() =>
        Assert.Contains("| Reason | Failed |\n|---|---:|\n| `expired` | 5 |\n| `already_used` | 1 |", Rendered.ReplaceLineEndings("\n"));

    [Theory]
    [InlineData("| Click → ack | 4 ms | 300 ms | 480 ms | 8 |")]
    [InlineData("| Click → welcome | > 10 s | > 10 s | > 10 s | 3 |")]
    [InlineData("| Copilot query | no data | no data | no data | 0 |")]
    public void Latencies_show_P50_P90_and_P99(string row) => Assert.Contains(row, Rendered);

    [Fact]
    public void Feedback_shows_both_votes_and_the_positive_share() =>
        Assert.Contains("👍 12 · 👎 1 (92.3 % positive)", Rendered);

    [Fact]
    public void Rate_limit_refusals_are_listed_by_scope() =>
        Assert.Contains("| `user` | 6 |\n| `tenant` | 1 |", Rendered.ReplaceLineEndings("\n"));

    [Fact]
    public void Each_queue_shows_its_depth_and_consumers_and_an_unread_value_as_a_dash()
    {
        Assert.Contains("| handoff-requests | 7 | 2 |", Rendered);
        Assert.Contains("| handoff-outcomes | – | 1 |", Rendered);
    }

    [Fact]
    public void Nothing_scraped_says_so_in_every_section()
    {
        var nothing = new ScrapeResult([ReplicaScrape.Failed("botgateway-0", "no answer within 2 s")]);
        var rendered = FunnelMarkdown.Render(FunnelSnapshot.From(nothing.Samples), nothing);

        Assert.Contains("No replica answered. **Partial: not scraped** botgateway-0 (no answer within 2 s).", rendered);
        Assert.Contains("| Clicks | 0 | – of Tokens minted |", rendered);
        Assert.Contains("No failures.", rendered);
        Assert.Contains("👍 0 · 👎 0", rendered);
        Assert.Contains("No activity refused.", rendered);
        Assert.Contains("No queue read", rendered);
    }

    [Fact]
    public void A_pipe_in_a_value_from_another_process_does_not_break_the_table()
    {
        var scrape = new ScrapeResult([ReplicaScrape.Failed("botgateway-0", "HTTP 502 Bad | Gateway")]);

        Assert.Contains("botgateway-0 (HTTP 502 Bad \\| Gateway)", FunnelMarkdown.Render(FunnelSnapshot.From([]), scrape));
    }

    [Theory]
    [InlineData(0.0004, "0.4 ms")]
    [InlineData(0.0123, "12 ms")]
    [InlineData(2.345, "2.35 s")]
    public void Durations_are_shown_in_milliseconds_below_a_second(double seconds, string shown) =>
        Assert.Equal(shown, FunnelMarkdown.Duration(new QuantileEstimate.Within(seconds)));
}

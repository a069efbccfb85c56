using Handoff.Funnel.Merging;
using Handoff.Funnel.Percentiles;
using Handoff.Funnel.Prometheus;
using Handoff.Funnel.Snapshot;

namespace Handoff.Funnel.Tests.Snapshot;

public sealed class FunnelSnapshotTests
{
    private static readonly FunnelSnapshot Deployment = FunnelSnapshot.From(Replicas.All);

    private static double Step(FunnelSnapshot snapshot, string label) => snapshot.Steps.Single(step => step.Label == label).Count;

    [Fact]
    public void Each_step_is_summed_across_replicas_and_tenants()
    {
        Assert.Equal(
            [("Copilot queries", 100), ("Cards shown", 200), ("Tokens minted", 200), ("Clicks", 80), ("Redeemed", 70), ("Welcomed", 60), ("Delayed", 2), ("Failed", 6), ("Already continuing", 4)],
            Deployment.Steps.Select(step => (step.Label, step.Count)));
    }

    [Fact]
    public void Each_step_is_a_share_of_the_step_it_follows_from()
    {
        var clicks = Deployment.Steps.Single(step => step.Label == "Clicks");
        var failed = Deployment.Steps.Single(step => step.Label == "Failed");

        Assert.Equal(("Tokens minted", 0.4), (clicks.ShareOf, clicks.Share));
        Assert.Equal(("Clicks", 0.075), (failed.ShareOf, failed.Share));
        Assert.Null(Deployment.Steps[0].ShareOf);
    }

    [Fact]
    public void A_share_of_a_step_that_counted_nothing_is_left_out() =>
        Assert.Null(FunnelSnapshot.From([]).Steps.Single(step => step.Label == "Clicks").Share);

    [Fact]
    public void Failures_are_the_refused_outcomes_by_reason_code_across_replicas() =>
        Assert.Equal([new Tally("expired", 5), new Tally("already_used", 1)], Deployment.FailuresByReason);

    [Fact]
    public void Histogram_buckets_are_summed_per_bound_across_replicas()
    {
        var ack = Deployment.Latencies.Single(latency => latency.Label == "Click → ack");

        // 6 of the 8 clicks were acknowledged within 5 ms, so the median lies in (2.5 ms, 5 ms].
        Assert.Equal(8, ack.Count);
        Assert.InRange(((QuantileEstimate.Within)ack.P50).Value, 0.0025, 0.005);
        Assert.Equal(0.48, ((QuantileEstimate.Within)ack.P99).Value, 9);
    }

    [Fact]
    public void Welcomes_slower_than_the_last_bucket_are_reported_as_beyond_it() =>
        Assert.Equal(new QuantileEstimate.BeyondLastBucket(10), Deployment.Latencies.Single(latency => latency.Label == "Click → welcome").P50);

    [Fact]
    public void A_latency_no_replica_recorded_has_no_data() =>
        Assert.Equal(new QuantileEstimate.NoData(), Deployment.Latencies.Single(latency => latency.Label == "Copilot query").P90);

    [Fact]
    public void Feedback_is_counted_by_vote_whatever_the_outcome() =>
        Assert.Equal(new FeedbackVotes(12, 1), Deployment.Feedback);

    [Fact]
    public void Rate_limit_refusals_are_counted_by_scope() =>
        Assert.Equal([new Tally("user", 6), new Tally("tenant", 1)], Deployment.RateLimitedByScope);

    [Fact]
    public void A_queue_that_every_replica_reads_is_not_counted_once_per_replica() =>
        Assert.Equal([new QueueState("handoff-outcomes", null, 1), new QueueState("handoff-requests", 7, 2)], Deployment.Queues);

    [Theory]
    [InlineData("handoff_clicks_total")]
    [InlineData("handoff_clicks")]
    public void A_counter_is_found_with_or_without_the_total_suffix(string series) =>
        Assert.Equal(5, Step(FunnelSnapshot.From(PrometheusText.Parse($"{series}{{otel_scope_name=\"Handoff\"}} 5")), "Clicks"));

    [Theory]
    [InlineData("handoff_query_duration_seconds_bucket")]
    [InlineData("handoff_query_duration_bucket")]
    public void A_histogram_is_found_with_or_without_the_seconds_suffix(string series)
    {
        var snapshot = FunnelSnapshot.From(PrometheusText.Parse($"{series}{{le=\"1\"}} 4\n{series}{{le=\"+Inf\"}} 4"));

        Assert.Equal(4, snapshot.Latencies.Single(latency => latency.Label == "Copilot query").Count);
    }

    [Fact]
    public void A_tag_key_with_dots_is_found_with_underscores_as_Prometheus_requires()
    {
        var snapshot = FunnelSnapshot.From(PrometheusText.Parse("""handoff_redemptions_total{handoff_result="redeemed"} 2"""));

        Assert.Equal(2, Step(snapshot, "Redeemed"));
    }

    [Fact]
    public void Series_of_other_instruments_and_target_info_are_not_counted()
    {
        var snapshot = FunnelSnapshot.From(PrometheusText.Parse(Replicas.ConversationState0 + """
            handoff_clicks_ack_total 9
            http_server_request_duration_seconds_count 9
            """));

        Assert.All(snapshot.Steps.Where(step => step.Label != "Tokens minted"), step => Assert.Equal(0, step.Count));
    }
}

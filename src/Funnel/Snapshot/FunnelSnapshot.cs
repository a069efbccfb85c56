using Handoff.Funnel.Instruments;
using Handoff.Funnel.Merging;
using Handoff.Funnel.Percentiles;
using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Snapshot;

/// <summary>
/// The handoff funnel from the merged samples of every replica's <c>/metrics</c>: totals since each replica
/// started (counters are cumulative), with the latencies, feedback, rate-limit refusals and queues beside them.
/// </summary>
public sealed record FunnelSnapshot(
    IReadOnlyList<FunnelCount> Steps,
    IReadOnlyList<Tally> FailuresByReason,
    IReadOnlyList<LatencyPercentiles> Latencies,
    FeedbackVotes Feedback,
    IReadOnlyList<Tally> RateLimitedByScope,
    IReadOnlyList<QueueState> Queues)
{
    public static FunnelSnapshot From(IEnumerable<PrometheusSample> samples)
    {
        var merged = new MergedSamples(samples);
        var totals = FunnelInstruments.Steps.ToDictionary(step => step.Label, step => merged.Sum(step.Instrument, step.Where));
        var votes = merged.SumBy(FunnelInstruments.Feedback, FunnelInstruments.VoteTag);
        return new FunnelSnapshot(
            FunnelInstruments.Steps.Select(step => Count(step, totals)).ToList(),
            merged.SumBy(FunnelInstruments.Outcomes, FunnelInstruments.ReasonTag, FunnelInstruments.Rejected),
            FunnelInstruments.Latencies.Select(latency => LatencyPercentiles.Of(latency.Label, merged.Histogram(latency.Instrument))).ToList(),
            new FeedbackVotes(Vote(votes, FunnelInstruments.VoteUp), Vote(votes, FunnelInstruments.VoteDown)),
            merged.SumBy(FunnelInstruments.RateLimited, FunnelInstruments.ScopeTag),
            QueuesOf(merged));
    }

    private static FunnelCount Count(FunnelStep step, Dictionary<string, double> totals)
    {
        var count = totals[step.Label];
        double? share = step.ShareOf is { } earlier && totals[earlier] > 0 ? count / totals[earlier] : null;
        return new FunnelCount(step.Label, count, step.ShareOf, share);
    }

    private static double Vote(IReadOnlyList<Tally> votes, string vote) =>
        votes.FirstOrDefault(tally => tally.Key == vote)?.Count ?? 0;

    private static List<QueueState> QueuesOf(MergedSamples merged)
    {
        var messages = merged.MaxBy(FunnelInstruments.QueueMessages, FunnelInstruments.QueueTag).ToDictionary(tally => tally.Key, tally => tally.Count);
        var consumers = merged.MaxBy(FunnelInstruments.QueueConsumers, FunnelInstruments.QueueTag).ToDictionary(tally => tally.Key, tally => tally.Count);
        return messages.Keys.Union(consumers.Keys).Order(StringComparer.Ordinal)
            .Select(queue => new QueueState(queue, messages.TryGetValue(queue, out var depth) ? depth : null, consumers.TryGetValue(queue, out var count) ? count : null))
            .ToList();
    }
}

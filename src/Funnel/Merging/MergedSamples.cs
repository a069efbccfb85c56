using Handoff.Funnel.Percentiles;
using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Merging;

/// <summary>
/// The samples of every replica's scrape read as one service: counters summed across replicas and across the
/// tags a row does not split by (tenant, scope name), histogram buckets summed per <c>le</c>.
/// </summary>
public sealed class MergedSamples(IEnumerable<PrometheusSample> samples)
{
    private readonly IReadOnlyList<PrometheusSample> _samples = samples.Where(sample => !double.IsNaN(sample.Value)).ToList();

    public double Sum(string instrument, SeriesFilter? where = null) =>
        Series(instrument, where).Sum(sample => sample.Value);

    /// <summary>Sums per value of <paramref name="tag"/>, largest first; series without the tag are left out.</summary>
    public IReadOnlyList<Tally> SumBy(string instrument, string tag, SeriesFilter? where = null) =>
        By(instrument, tag, where, values => values.Sum());

    /// <summary>
    /// The largest value per <paramref name="tag"/>. For gauges every replica reads of the same thing: each
    /// HandoffService replica reports the whole queue's depth and consumers, so a sum would count them again.
    /// </summary>
    public IReadOnlyList<Tally> MaxBy(string instrument, string tag) =>
        By(instrument, tag, null, values => values.Max());

    public CumulativeHistogram Histogram(string instrument, SeriesFilter? where = null) =>
        new(_samples
            .Where(sample => SeriesName.IsPart(sample.Name, instrument, "_bucket") && (where is null || where.Matches(sample)))
            .Select(sample => (Bound: UpperBound(sample), sample.Value))
            .Where(bucket => bucket.Bound is not null)
            .GroupBy(bucket => bucket.Bound!.Value)
            .Select(bucket => new HistogramBucket(bucket.Key, bucket.Sum(b => b.Value))));

    private IEnumerable<PrometheusSample> Series(string instrument, SeriesFilter? where) =>
        _samples.Where(sample => SeriesName.Is(sample.Name, instrument) && (where is null || where.Matches(sample)));

    private List<Tally> By(string instrument, string tag, SeriesFilter? where, Func<IEnumerable<double>, double> merge) =>
        Series(instrument, where)
            .Select(sample => (Key: SeriesName.Label(sample, tag), sample.Value))
            .Where(sample => sample.Key is not null)
            .GroupBy(sample => sample.Key!, StringComparer.Ordinal)
            .Select(group => new Tally(group.Key, merge(group.Select(sample => sample.Value))))
            .OrderByDescending(tally => tally.Count).ThenBy(tally => tally.Key, StringComparer.Ordinal)
            .ToList();

    private static double? UpperBound(PrometheusSample bucket) =>
        bucket.Labels.TryGetValue("le", out var le) && PrometheusText.TryParseNumber(le, out var bound) ? bound : null;
}

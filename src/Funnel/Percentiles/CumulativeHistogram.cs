namespace Handoff.Funnel.Percentiles;

/// <summary>
/// Cumulative buckets (Prometheus' <c>le</c> series), possibly summed across replicas, and the percentiles they
/// imply, estimated as Prometheus' <c>histogram_quantile</c> does: linearly inside the bucket that holds the rank.
/// </summary>
public sealed record CumulativeHistogram
{
    public CumulativeHistogram(IEnumerable<HistogramBucket> buckets)
    {
        // Replicas scraped mid-deploy may disagree on bounds, which makes summed counts dip; Prometheus
        // evens them out the same way (a bucket holds at least what the buckets below it hold).
        var ordered = buckets.Where(bucket => !double.IsNaN(bucket.UpperBound) && !double.IsNaN(bucket.CumulativeCount))
            .OrderBy(bucket => bucket.UpperBound).ToList();
        var monotonic = new List<HistogramBucket>(ordered.Count);
        var floor = 0.0;
        foreach (var bucket in ordered)
        {
            floor = Math.Max(floor, bucket.CumulativeCount);
            monotonic.Add(bucket with { CumulativeCount = floor });
        }

        Buckets = monotonic;
    }

    public IReadOnlyList<HistogramBucket> Buckets { get; }

    /// <summary>How many values were recorded: the <c>+Inf</c> bucket's count (0 without one).</summary>
    public double Count => Buckets is [.., { UpperBound: double.PositiveInfinity } last] ? last.CumulativeCount : 0;

    /// <param name="quantile">Between 0 and 1: 0.5 for the median, 0.99 for P99.</param>
    public QuantileEstimate Quantile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = Count;
        if (total <= 0)
        {
            return new QuantileEstimate.NoData();
        }

        var rank = quantile * total;
        var index = 0;
        while (Buckets[index].CumulativeCount < rank)
        {
            index++;
        }

        var bucket = Buckets[index];
        if (double.IsPositiveInfinity(bucket.UpperBound))
        {
            return Buckets.Count > 1 ? new QuantileEstimate.BeyondLastBucket(Buckets[^2].UpperBound) : new QuantileEstimate.NoData();
        }

        // As histogram_quantile: the first bucket's lower bound is 0, unless its upper bound is not above 0.
        if (index == 0 && bucket.UpperBound <= 0)
        {
            return new QuantileEstimate.Within(bucket.UpperBound);
        }

        var (lowerBound, countBelow) = index == 0 ? (0.0, 0.0) : (Buckets[index - 1].UpperBound, Buckets[index - 1].CumulativeCount);
        var inBucket = bucket.CumulativeCount - countBelow;
        return new QuantileEstimate.Within(inBucket <= 0
            ? bucket.UpperBound
            : lowerBound + (bucket.UpperBound - lowerBound) * ((rank - countBelow) / inBucket));
    }
}

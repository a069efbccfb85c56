namespace Handoff.Funnel.Percentiles;

/// <summary>One <c>_bucket</c> series: how many values were at most <see cref="UpperBound"/> (the <c>le</c> label).</summary>
public sealed record HistogramBucket(double UpperBound, double CumulativeCount);

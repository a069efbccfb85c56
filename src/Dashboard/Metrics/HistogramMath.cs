using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Metrics;

/// <summary>Adding and subtracting explicit-bucket histograms with the same bounds (one instrument's streams).</summary>
public static class HistogramMath
{
    public static HistogramValue? Add(HistogramValue? left, HistogramValue? right)
    {
        if (left is null || right is null || !SameBounds(left, right))
        {
            return right ?? left;
        }

        return new HistogramValue(
            left.Count + right.Count,
            left.Sum + right.Sum,
            left.Bounds,
            left.BucketCounts.Zip(right.BucketCounts, (a, b) => a + b).ToList());
    }

    /// <summary>What was recorded between two cumulative snapshots.</summary>
    public static HistogramValue? Subtract(HistogramValue? later, HistogramValue? earlier)
    {
        if (later is null)
        {
            return null;
        }

        if (earlier is null || !SameBounds(later, earlier) || earlier.Count > later.Count)
        {
            return later;
        }

        return new HistogramValue(
            later.Count - earlier.Count,
            later.Sum - earlier.Sum,
            later.Bounds,
            later.BucketCounts.Zip(earlier.BucketCounts, (a, b) => Math.Max(0, a - b)).ToList());
    }

    private static bool SameBounds(HistogramValue left, HistogramValue right) =>
        left.BucketCounts.Count == right.BucketCounts.Count && left.Bounds.SequenceEqual(right.Bounds);
}

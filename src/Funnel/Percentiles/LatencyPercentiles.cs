namespace Handoff.Funnel.Percentiles;

/// <summary>P50, P90 and P99 of one duration histogram, merged across replicas, in seconds.</summary>
public sealed record LatencyPercentiles(string Label, QuantileEstimate P50, QuantileEstimate P90, QuantileEstimate P99, double Count)
{
    public static LatencyPercentiles Of(string label, CumulativeHistogram histogram) =>
        new(label, histogram.Quantile(0.5), histogram.Quantile(0.9), histogram.Quantile(0.99), histogram.Count);
}

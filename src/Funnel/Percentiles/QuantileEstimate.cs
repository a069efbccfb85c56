namespace Handoff.Funnel.Percentiles;

/// <summary>A percentile read from histogram buckets: a value, or only that it lies past the last finite bucket, or nothing recorded.</summary>
public abstract record QuantileEstimate
{
    public sealed record NoData : QuantileEstimate;

    public sealed record Within(double Value) : QuantileEstimate;

    /// <summary>
    /// The percentile fell in the <c>+Inf</c> bucket. Prometheus' histogram_quantile answers the last finite bound
    /// here, which reads as a measurement: our old dashboard showed a 21 s median as "10.00 s".
    /// </summary>
    public sealed record BeyondLastBucket(double LastFiniteBound) : QuantileEstimate;
}

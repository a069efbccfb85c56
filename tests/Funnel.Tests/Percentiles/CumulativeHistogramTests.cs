using Handoff.Funnel.Percentiles;

namespace Handoff.Funnel.Tests.Percentiles;

public sealed class CumulativeHistogramTests
{
    private static CumulativeHistogram Buckets(params (double UpperBound, double Count)[] buckets) =>
        new(buckets.Select(bucket => new HistogramBucket(bucket.UpperBound, bucket.Count)));

    [Fact]
    public void A_percentile_is_interpolated_linearly_inside_the_bucket_that_holds_its_rank()
    {
        // 10 values in (0, 1], 10 in (1, 2]: rank 10 is the top of the first bucket, rank 18 is 80 % into the second.
        var histogram = Buckets((1, 10), (2, 20), (double.PositiveInfinity, 20));

        Assert.Equal(new QuantileEstimate.Within(1), histogram.Quantile(0.5));
        Assert.Equal(1.8, ((QuantileEstimate.Within)histogram.Quantile(0.9)).Value, 9);
    }

    [Fact]
    public void The_first_bucket_is_taken_to_start_at_zero() =>
        Assert.Equal(0.05, ((QuantileEstimate.Within)Buckets((0.1, 4), (double.PositiveInfinity, 4)).Quantile(0.5)).Value, 9);

    [Fact]
    public void A_value_past_the_last_bucket_is_reported_as_beyond_it()
    {
        // A 21 s median with buckets ending at 10 s: Prometheus would answer 10, which reads as a measurement.
        var histogram = Buckets((5, 0), (10, 0), (double.PositiveInfinity, 3));

        Assert.Equal(new QuantileEstimate.BeyondLastBucket(10), histogram.Quantile(0.5));
    }

    [Fact]
    public void Only_the_percentiles_past_the_last_bucket_are_reported_as_beyond_it()
    {
        var histogram = Buckets((1, 95), (double.PositiveInfinity, 100));

        Assert.IsType<QuantileEstimate.Within>(histogram.Quantile(0.9));
        Assert.Equal(new QuantileEstimate.BeyondLastBucket(1), histogram.Quantile(0.99));
    }

    [Fact]
    public void A_histogram_without_samples_has_no_data()
    {
        Assert.Equal(new QuantileEstimate.NoData(), Buckets().Quantile(0.5));
        Assert.Equal(new QuantileEstimate.NoData(), Buckets((1, 0), (double.PositiveInfinity, 0)).Quantile(0.99));
    }

    [Fact]
    public void Buckets_may_come_in_any_order() =>
        Assert.Equal(new QuantileEstimate.Within(1), Buckets((double.PositiveInfinity, 20), (2, 20), (1, 10)).Quantile(0.5));

    [Fact]
    public void Summed_buckets_that_dip_are_evened_out_as_Prometheus_does()
    {
        // Two replicas with different bounds, summed per le: the 2 s bucket holds fewer than the 1 s one.
        var histogram = Buckets((1, 10), (2, 6), (double.PositiveInfinity, 20));

        Assert.Equal([10, 10, 20], histogram.Buckets.Select(bucket => bucket.CumulativeCount));
        Assert.Equal(20, histogram.Count);
    }
}

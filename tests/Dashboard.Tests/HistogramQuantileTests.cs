using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests;

public sealed class HistogramQuantileTests
{
    [Fact]
    public void Median_interpolates_inside_the_bucket_that_holds_it()
    {
        // 10 values in (0, 1], 10 in (1, 2]: the median is the top of the first bucket.
        var histogram = new HistogramValue(20, 25, [1, 2], [10, 10, 0]);

        Assert.Equal(1, histogram.Quantile(0.5)!.Value, 6);
        Assert.Equal(1.8, histogram.Quantile(0.9)!.Value, 6);
    }

    [Fact]
    public void An_empty_histogram_has_no_quantile() =>
        Assert.Null(new HistogramValue(0, 0, [1], [0, 0]).Quantile(0.99));
}

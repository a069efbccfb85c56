using System.Diagnostics.Metrics;
using Handoff.Dashboard.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Handoff.Dashboard.Tests.Otlp;

public sealed class MetricIntakeTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Counter_and_histogram_points_exported_by_the_OpenTelemetry_SDK_are_stored(OtlpExportProtocol protocol)
    {
        await using var host = await OtlpIntakeHost.StartAsync();
        var meterName = $"Handoff.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        using var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(SdkExporters.Resource())
            .AddMeter(meterName)
            .AddOtlpExporter(SdkExporters.To(host, protocol, "v1/metrics"))
            .Build();
        var requests = meter.CreateCounter<long>("handoff.requests", "{request}", "Handoffs requested");
        var duration = meter.CreateHistogram<double>("handoff.duration", "ms");

        requests.Add(3, new KeyValuePair<string, object?>("channel", "msteams"));
        requests.Add(4, new KeyValuePair<string, object?>("channel", "msteams"));
        duration.Record(5);
        duration.Record(50);
        duration.Record(500);
        Assert.True(metrics.ForceFlush(10_000));

        var counter = Assert.Single(host.Store.GetPoints("handoff.requests", SdkExporters.ServiceName));
        Assert.Equal((MetricKind.Sum, true, 7d, "msteams"), (counter.Kind, counter.IsCumulative, counter.Value, counter.Tags["channel"]));
        Assert.Equal(("{request}", "Handoffs requested", meterName), (counter.Unit, counter.Description, counter.Meter));

        var histogram = Assert.Single(host.Store.GetPoints("handoff.duration")).Histogram!;
        Assert.Equal((3L, 555d), (histogram.Count, histogram.Sum));
        Assert.Equal(histogram.Bounds.Count + 1, histogram.BucketCounts.Count);

        // The SDK's default bounds are upper-inclusive: 5 falls in (0, 5], 50 in (25, 50], 500 in (250, 500].
        Assert.Equal([0d, 5d, 10d, 25d, 50d], histogram.Bounds.Take(5));
        Assert.Equal(1, histogram.BucketCounts[histogram.Bounds.ToList().IndexOf(5)]);
        Assert.Equal(1, histogram.BucketCounts[histogram.Bounds.ToList().IndexOf(50)]);
        Assert.Equal(1, histogram.BucketCounts[histogram.Bounds.ToList().IndexOf(500)]);

        Assert.Equal(["handoff.duration", "handoff.requests"], host.Store.GetInstruments(SdkExporters.ServiceName).Select(i => i.Name));
    }
}

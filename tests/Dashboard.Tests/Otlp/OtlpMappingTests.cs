using Google.Protobuf;
using Handoff.Dashboard.Otlp;
using Handoff.Dashboard.Otlp.Proto.Collector.Metrics.V1;
using Handoff.Dashboard.Otlp.Proto.Common.V1;
using Handoff.Dashboard.Otlp.Proto.Metrics.V1;
using Handoff.Dashboard.Otlp.Proto.Resource.V1;
using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Tests.Otlp;

public sealed class OtlpMappingTests
{
    [Theory]
    [InlineData(1, LogSeverity.Trace)]
    [InlineData(4, LogSeverity.Trace)]
    [InlineData(5, LogSeverity.Debug)]
    [InlineData(9, LogSeverity.Information)]
    [InlineData(12, LogSeverity.Information)]
    [InlineData(13, LogSeverity.Warning)]
    [InlineData(17, LogSeverity.Error)]
    [InlineData(20, LogSeverity.Error)]
    [InlineData(21, LogSeverity.Critical)]
    [InlineData(24, LogSeverity.Critical)]
    [InlineData(0, LogSeverity.Information)]
    public void Severity_numbers_map_to_the_level_of_their_range(int severityNumber, LogSeverity expected) =>
        Assert.Equal(expected, LogMapping.Severity(severityNumber));

    [Fact]
    public void A_resource_without_a_service_name_is_called_unknown()
    {
        var resource = new Resource { Attributes = { Attribute("service.instance.id", new AnyValue { StringValue = "i-1" }) } };

        Assert.Equal("unknown", OtlpAttributes.ResourceName(resource));
        Assert.Equal("unknown", OtlpAttributes.ResourceName(null));
    }

    [Theory]
    [InlineData("botgateway-1", "botgateway-1")]
    [InlineData("3f1c9a2e-0d1b-4c1e-9a53-7d0c2f8e6b11", "botgateway")]
    [InlineData("botgateway-7f3c", "botgateway")]
    [InlineData(null, "botgateway")]
    public void A_replica_is_named_by_the_instance_id_the_apphost_gave_it_and_other_instance_ids_are_ignored(string? instanceId, string expected)
    {
        var resource = new Resource { Attributes = { Attribute("service.name", new AnyValue { StringValue = "botgateway" }) } };
        if (instanceId is not null)
        {
            resource.Attributes.Add(Attribute("service.instance.id", new AnyValue { StringValue = instanceId }));
        }

        Assert.Equal(expected, OtlpAttributes.ResourceName(resource));
    }

    [Fact]
    public void Attribute_values_of_every_type_become_text()
    {
        var values = OtlpAttributes.ToDictionary(
        [
            Attribute("s", new AnyValue { StringValue = "text" }),
            Attribute("b", new AnyValue { BoolValue = true }),
            Attribute("i", new AnyValue { IntValue = -42 }),
            Attribute("d", new AnyValue { DoubleValue = 1.5 }),
            Attribute("a", new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { StringValue = "x" } } } }),
            Attribute("k", new AnyValue { KvlistValue = new KeyValueList { Values = { Attribute("inner", new AnyValue { BoolValue = false }) } } }),
            Attribute("y", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2) }),
            Attribute("empty", new AnyValue()),
        ]);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["s"] = "text", ["b"] = "true", ["i"] = "-42", ["d"] = "1.5", ["a"] = "[1, x]", ["k"] = "{inner: false}", ["y"] = "AQI=", ["empty"] = "",
            },
            values);
    }

    [Fact]
    public void Histogram_points_whose_buckets_do_not_match_their_bounds_are_rejected_and_summaries_counted()
    {
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    ScopeMetrics =
                    {
                        new ScopeMetrics
                        {
                            Metrics =
                            {
                                new Metric { Name = "bad", Histogram = new Histogram { DataPoints = { new HistogramDataPoint { Count = 1, BucketCounts = { 1UL }, ExplicitBounds = { 1, 2 } } } } },
                                new Metric { Name = "good", Histogram = new Histogram { DataPoints = { new HistogramDataPoint { Count = 1, Sum = 3, BucketCounts = { 0UL, 1UL }, ExplicitBounds = { 2 } } } } },
                                new Metric { Name = "summary", Summary = new Summary { DataPoints = { new SummaryDataPoint(), new SummaryDataPoint() } } },
                                new Metric { Name = "stale", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 1, Flags = 1 } } } },
                            },
                        },
                    },
                },
            },
        };

        var batch = MetricMapping.Map(request);

        Assert.Equal("good", Assert.Single(batch.Records).Name);
        Assert.Equal(3, batch.Rejected);
        Assert.Contains("summaries", batch.Reason);
        Assert.Contains("bucket", batch.Reason);
    }

    private static KeyValue Attribute(string key, AnyValue value) => new() { Key = key, Value = value };
}

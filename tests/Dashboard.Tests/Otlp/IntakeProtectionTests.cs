using System.IO.Compression;
using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Handoff.Dashboard.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using StatusCode = Grpc.Core.StatusCode;

namespace Handoff.Dashboard.Tests.Otlp;

public sealed class IntakeProtectionTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "wrong-key")]
    [InlineData(OtlpExportProtocol.Grpc, null)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "wrong-key")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, null)]
    public async Task Spans_exported_without_the_right_api_key_are_not_stored(OtlpExportProtocol protocol, string? apiKey)
    {
        await using var host = await OtlpIntakeHost.StartAsync();
        var sourceName = $"Handoff.Test.{Guid.NewGuid():N}";
        using var source = new System.Diagnostics.ActivitySource(sourceName);
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .AddOtlpExporter(SdkExporters.To(host, protocol, "v1/traces", apiKey))
            .Build();

        source.StartActivity("refused")!.Dispose();
        tracing.ForceFlush(10_000);

        Assert.Empty(host.Store.GetTraces(new TraceQuery()));
        Assert.Empty(host.Store.GetResources());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("test-otlp-kex")]
    public async Task A_grpc_export_without_the_right_api_key_fails_as_unauthenticated(string? apiKey)
    {
        await using var host = await OtlpIntakeHost.StartAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            RawOtlp.ExportOverGrpc(host, RawOtlp.OneSpan(RawOtlp.ValidTraceId, RawOtlp.ValidSpanId), apiKey));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Empty(host.Store.GetTraces(new TraceQuery()));
    }

    [Fact]
    public async Task An_http_export_without_the_api_key_is_401()
    {
        await using var host = await OtlpIntakeHost.StartAsync();

        using var response = await RawOtlp.PostOverHttp(host, RawOtlp.Protobuf(RawOtlp.OneSpan(RawOtlp.ValidTraceId, RawOtlp.ValidSpanId).ToByteArray()), apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Store.GetTraces(new TraceQuery()));
    }

    [Fact]
    public async Task A_malformed_protobuf_body_is_400_with_a_reason()
    {
        await using var host = await OtlpIntakeHost.StartAsync();

        using var response = await RawOtlp.PostOverHttp(host, RawOtlp.Protobuf([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a valid OTLP protobuf message", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        await using var host = await OtlpIntakeHost.StartAsync(maxRequestBodyBytes: 4096);

        using var response = await RawOtlp.PostOverHttp(host, RawOtlp.Protobuf(new byte[8192]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_small_gzip_body_that_unpacks_over_the_limit_is_413()
    {
        await using var host = await OtlpIntakeHost.StartAsync(maxRequestBodyBytes: 4096);
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[1024 * 1024]);
        }

        var content = RawOtlp.Protobuf(packed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await RawOtlp.PostOverHttp(host, content);

        Assert.True(packed.Length < 4096);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_gzip_body_is_read_once_unpacked()
    {
        await using var host = await OtlpIntakeHost.StartAsync();
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(RawOtlp.OneSpan(RawOtlp.ValidTraceId, RawOtlp.ValidSpanId).ToByteArray());
        }

        var content = RawOtlp.Protobuf(packed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await RawOtlp.PostOverHttp(host, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("handoffservice", Assert.Single(host.Store.GetTraces(new TraceQuery())).RootResource);
    }

    [Fact]
    public async Task An_otlp_json_body_is_415()
    {
        await using var host = await OtlpIntakeHost.StartAsync();

        using var response = await RawOtlp.PostOverHttp(host, new StringContent("{\"resourceSpans\":[]}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Spans_without_valid_ids_are_counted_as_rejected_in_the_partial_success()
    {
        await using var host = await OtlpIntakeHost.StartAsync();

        var answer = await RawOtlp.ExportOverGrpc(host, RawOtlp.OneSpan(new byte[16], RawOtlp.ValidSpanId), OtlpIntakeHost.ApiKey);

        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.NotEmpty(answer.PartialSuccess.ErrorMessage);
        Assert.Empty(host.Store.GetTraces(new TraceQuery()));
    }

    [Fact]
    public async Task A_raw_grpc_export_with_the_key_stores_ids_as_lowercase_hex_under_the_service_name()
    {
        await using var host = await OtlpIntakeHost.StartAsync();

        var answer = await RawOtlp.ExportOverGrpc(host, RawOtlp.OneSpan(RawOtlp.ValidTraceId, RawOtlp.ValidSpanId), OtlpIntakeHost.ApiKey);

        Assert.Null(answer.PartialSuccess);
        var span = Assert.Single(host.Store.GetTrace("0102030405060708090a0b0c0d0e0f10"));
        Assert.Equal(("0102030405060708", "handoffservice"), (span.SpanId, span.Resource));
    }
}

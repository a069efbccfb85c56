using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Handoff.Dashboard.Otlp.Proto.Collector.Trace.V1;
using Handoff.Dashboard.Otlp.Proto.Common.V1;
using Handoff.Dashboard.Otlp.Proto.Resource.V1;
using Handoff.Dashboard.Otlp.Proto.Trace.V1;

namespace Handoff.Dashboard.Tests.Otlp;

/// <summary>Hand-made OTLP requests, for what the SDK never sends: no key, broken bodies, invalid ids.</summary>
internal static class RawOtlp
{
    private static readonly Method<ExportTraceServiceRequest, ExportTraceServiceResponse> ExportTraces = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "Export",
        Marshallers.Create((ExportTraceServiceRequest request) => request.ToByteArray(), ExportTraceServiceRequest.Parser.ParseFrom),
        Marshallers.Create((ExportTraceServiceResponse response) => response.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    public static ExportTraceServiceRequest OneSpan(byte[] traceId, byte[] spanId) => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "handoffservice" } } } },
                ScopeSpans = { new ScopeSpans { Spans = { new Span { TraceId = ByteString.CopyFrom(traceId), SpanId = ByteString.CopyFrom(spanId), Name = "raw" } } } },
            },
        },
    };

    public static byte[] ValidTraceId => [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    public static byte[] ValidSpanId => [.. Enumerable.Range(1, 8).Select(i => (byte)i)];

    public static async Task<ExportTraceServiceResponse> ExportOverGrpc(OtlpIntakeHost host, ExportTraceServiceRequest request, string? apiKey)
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);
        var headers = new Metadata();
        if (apiKey is not null)
        {
            headers.Add("x-otlp-api-key", apiKey);
        }

        return await channel.CreateCallInvoker()
            .AsyncUnaryCall(ExportTraces, null, new CallOptions(headers, cancellationToken: TestContext.Current.CancellationToken), request);
    }

    public static async Task<HttpResponseMessage> PostOverHttp(OtlpIntakeHost host, HttpContent body, string? apiKey = OtlpIntakeHost.ApiKey)
    {
        using var client = new HttpClient { BaseAddress = host.HttpEndpoint };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = body };
        if (apiKey is not null)
        {
            post.Headers.Add("x-otlp-api-key", apiKey);
        }

        return await client.SendAsync(post, TestContext.Current.CancellationToken);
    }

    public static ByteArrayContent Protobuf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/x-protobuf");
        return content;
    }
}

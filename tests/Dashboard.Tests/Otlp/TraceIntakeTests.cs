using System.Diagnostics;
using Handoff.Dashboard.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Handoff.Dashboard.Tests.Otlp;

public sealed class TraceIntakeTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Spans_exported_by_the_OpenTelemetry_SDK_are_stored_with_their_resource_parent_and_attributes(OtlpExportProtocol protocol)
    {
        await using var host = await OtlpIntakeHost.StartAsync();
        var sourceName = $"Handoff.Test.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(SdkExporters.Resource())
            .AddSource(sourceName)
            .AddOtlpExporter(SdkExporters.To(host, protocol, "v1/traces"))
            .Build();

        string traceId, parentId, childId;
        using (var parent = source.StartActivity("POST /api/messages", ActivityKind.Server)!)
        {
            parent.SetTag("http.route", "/api/messages");
            using (var publish = source.StartActivity("publish HandoffRequested", ActivityKind.Producer)!)
            {
                publish.SetStatus(ActivityStatusCode.Error, "broker unreachable");
                publish.AddEvent(new ActivityEvent("retrying"));
                childId = publish.SpanId.ToHexString();
            }

            traceId = parent.TraceId.ToHexString();
            parentId = parent.SpanId.ToHexString();
        }

        Assert.True(tracing.ForceFlush(10_000));

        var spans = host.Store.GetTrace(traceId);
        Assert.Equal(2, spans.Count);
        var root = spans.Single(span => span.SpanId == parentId);
        var child = spans.Single(span => span.SpanId == childId);
        Assert.Null(root.ParentSpanId);
        Assert.Equal(parentId, child.ParentSpanId);
        Assert.All(spans, span => Assert.Equal(SdkExporters.ServiceName, span.Resource));
        Assert.All(spans, span => Assert.Equal(sourceName, span.Scope));
        Assert.Equal(("Server", "/api/messages", false), (root.Kind, root.Attributes["http.route"], root.IsError));
        Assert.Equal(("Producer", true, "broker unreachable"), (child.Kind, child.IsError, child.StatusMessage));
        Assert.Equal("retrying", Assert.Single(child.Events).Name);

        var summary = Assert.Single(host.Store.GetTraces(new TraceQuery()));
        Assert.Equal(("POST /api/messages", 2, 1), (summary.RootName, summary.SpanCount, summary.ErrorCount));
    }
}

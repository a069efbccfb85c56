using System.Diagnostics;
using Handoff.Dashboard.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace Handoff.Dashboard.Tests.Otlp;

public sealed class LogIntakeTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Logs_exported_by_the_OpenTelemetry_SDK_keep_severity_message_category_and_trace(OtlpExportProtocol protocol)
    {
        await using var host = await OtlpIntakeHost.StartAsync();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddOpenTelemetry(otel =>
            {
                otel.SetResourceBuilder(SdkExporters.Resource());
                otel.IncludeFormattedMessage = true;
                otel.AddOtlpExporter(SdkExporters.To(host, protocol, "v1/logs"));
            }))
            .BuildServiceProvider();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Handoff.BotGateway.Turns");

        string traceId;
        using (var turn = new Activity("turn").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = turn.TraceId.ToHexString();
            logger.LogWarning("Handoff requested for {ConversationId}", "conv-42");
        }

        logger.LogCritical("Broker gone");
        Assert.True(services.GetRequiredService<LoggerProvider>().ForceFlush(10_000));

        var logs = host.Store.GetLogs(new LogQuery());
        Assert.Equal(2, logs.Count);
        var critical = logs[0];
        var warning = logs[1];
        Assert.Equal(("Broker gone", LogSeverity.Critical, null), (critical.Message, critical.Severity, critical.TraceId));
        Assert.Equal("Handoff requested for conv-42", warning.Message);
        Assert.Equal(LogSeverity.Warning, warning.Severity);
        Assert.Equal(traceId, warning.TraceId);
        Assert.Equal("conv-42", warning.Attributes["ConversationId"]);
        Assert.All(logs, log => Assert.Equal(("Handoff.BotGateway.Turns", SdkExporters.ServiceName), (log.Category, log.Resource)));
    }
}

namespace Handoff.Dashboard.Hosting;

/// <summary>Where a started dashboard can be reached.</summary>
public sealed record DashboardEndpoints(Uri Ui, Uri LoginLink, Uri OtlpGrpc, Uri OtlpHttp, string OtlpApiKey)
{
    /// <summary>What a service needs to export to this dashboard (the standard OpenTelemetry variables, as Aspire sets them).</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpGrpc.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={OtlpApiKey}",
        // Aspire's defaults for a local dashboard: near-live data rather than the 60 s / 5 s production intervals.
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
    };
}

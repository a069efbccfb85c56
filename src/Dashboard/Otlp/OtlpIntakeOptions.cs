using System.ComponentModel.DataAnnotations;

namespace Handoff.Dashboard.Otlp;

public sealed class OtlpIntakeOptions
{
    /// <summary>
    /// When set, every OTLP request must carry it in the <c>x-otlp-api-key</c> header, as the Aspire dashboard
    /// asks; the .NET exporter sends it given <c>OTEL_EXPORTER_OTLP_HEADERS=x-otlp-api-key=KEY</c>. Null
    /// accepts any caller that can reach the listener.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The largest request accepted, after decompression (gRPC and HTTP alike); larger is 413 or ResourceExhausted.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}

using System.ComponentModel.DataAnnotations;

namespace Handoff.ServiceDefaults.Observability;

/// <summary>Section <c>Observability</c>: what metrics may say about who uses the bot.</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>
    /// Tenants that agreed to be named in metrics: only their ids appear as the <c>tenant.id</c> tag; every other
    /// tenant's measurements carry no tenant tag. Empty (the default) names no tenant. Users are never tags.
    /// </summary>
    public List<string> TenantTaggedMetrics { get; set; } = [];

    /// <summary>
    /// The most tag combinations (series) one instrument keeps; the rest are summed into one series tagged
    /// <c>otel.metric.overflow</c>. OpenTelemetry allocates every instrument's series up front, once per reader (OTLP
    /// and <c>/metrics</c>): at its default of 2,000 that was ~30 MB per service for fewer than 50 series in use (ADR 0016).
    /// Raise it when <see cref="TenantTaggedMetrics"/> names more than a few dozen tenants.
    /// </summary>
    [Range(10, 100_000)]
    public int MetricSeriesLimit { get; set; } = 500;

    /// <summary>How often HandoffService reads its queues' depth and consumer count from RabbitMQ.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

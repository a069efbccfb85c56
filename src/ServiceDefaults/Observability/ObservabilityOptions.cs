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

    /// <summary>How often HandoffService reads its queues' depth and consumer count from RabbitMQ.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Handoff.ServiceDefaults.Observability;

/// <summary>The <c>tenant.id</c> metric tag, for the tenants listed in <see cref="ObservabilityOptions.TenantTaggedMetrics"/> only.</summary>
public sealed class TenantMetricTag(IOptionsMonitor<ObservabilityOptions> options)
{
    public const string Name = "tenant.id";

    /// <summary>Adds the tenant to <paramref name="tags"/> when that tenant allows it.</summary>
    public TagList With(TagList tags, string? tenantId)
    {
        if (tenantId is { Length: > 0 } && options.CurrentValue.TenantTaggedMetrics.Contains(tenantId, StringComparer.OrdinalIgnoreCase))
        {
            tags.Add(Name, tenantId.ToLowerInvariant());
        }

        return tags;
    }
}

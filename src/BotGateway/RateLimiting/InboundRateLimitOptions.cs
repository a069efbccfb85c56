using System.ComponentModel.DataAnnotations;

namespace Handoff.BotGateway.RateLimiting;

/// <summary>Section <c>RateLimits</c>: how much one user and one tenant may send to <c>/api/messages</c>.</summary>
public sealed class InboundRateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Activities per minute from one user (a burst of a quarter of it is allowed).</summary>
    [Range(1, 1_000_000)]
    public int UserActivitiesPerMinute { get; set; } = 120;

    /// <summary>Activities per second from one tenant, all its users together.</summary>
    [Range(1, 1_000_000)]
    public int TenantActivitiesPerSecond { get; set; } = 1_000;
}

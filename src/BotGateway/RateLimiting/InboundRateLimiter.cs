using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.RateLimiting;

/// <summary>
/// Per-user and per-tenant limits on <c>/api/messages</c> (System.Threading.RateLimiting, the engine of ASP.NET
/// Core's rate limiting). Applied after authentication and reading, because the user and tenant are in the
/// activity, not the request. Counted as <c>handoff.rate_limited{scope, activity}</c>; the configured limits
/// are published as <c>handoff.rate_limit.limit{scope}</c> so the dashboard can show them.
/// </summary>
public sealed class InboundRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _users;
    private readonly PartitionedRateLimiter<string> _tenants;
    private readonly Counter<long> _limited;

    public InboundRateLimiter(IOptions<InboundRateLimitOptions> options, IMeterFactory meters)
    {
        var limits = options.Value;
        _users = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limits.UserActivitiesPerMinute / 4),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limits.UserActivitiesPerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        _tenants = PartitionedRateLimiter.Create<string, string>(tenant =>
            RateLimitPartition.GetTokenBucketLimiter(tenant, _ => EvenTokenBucket.PerSecond(limits.TenantActivitiesPerSecond, queueLimit: 0)));

        var meter = meters.Create(HandoffTelemetry.MeterName);
        _limited = meter.CreateCounter<long>("handoff.rate_limited", "{activity}", "Activities refused by the inbound per-user or per-tenant limit.");
        meter.CreateObservableGauge("handoff.rate_limit.limit", () => new[]
        {
            new Measurement<long>(limits.UserActivitiesPerMinute, new KeyValuePair<string, object?>("scope", "user_per_minute")),
            new Measurement<long>(limits.TenantActivitiesPerSecond, new KeyValuePair<string, object?>("scope", "tenant_per_second")),
        }, "{activity}", "The configured inbound rate limits (the Bot Connector's: handoff.connector.rate_limit.limit).");
    }

    /// <summary>Null when the activity is within the limits, else which limit it went over.</summary>
    public RateLimitScope? Check(IncomingActivity activity)
    {
        var user = activity.From?.AadObjectId ?? activity.From?.Id;
        // Teams' search box queries on every keystroke and mints nothing (ADR 0018): typing must not use up the
        // user's allowance for Copilot, clicks and messages. The tenant limit still counts it.
        if (user is not null && !IsSearchBoxTyping(activity))
        {
            using var userLease = _users.AttemptAcquire($"{activity.TenantId}/{user}");
            if (!userLease.IsAcquired)
            {
                return Refused(RateLimitScope.User, activity);
            }
        }

        using var tenantLease = _tenants.AttemptAcquire(activity.TenantId ?? "");
        return tenantLease.IsAcquired ? null : Refused(RateLimitScope.Tenant, activity);
    }

    private static bool IsSearchBoxTyping(IncomingActivity activity) =>
        activity.IsInvoke(ComposeExtensionQueryHandler.InvokeName) && QuerySurfaces.Of(activity) == QuerySurface.SearchBox;

    public void Dispose()
    {
        _users.Dispose();
        _tenants.Dispose();
    }

    private RateLimitScope Refused(RateLimitScope scope, IncomingActivity activity)
    {
        _limited.Add(1, new KeyValuePair<string, object?>("scope", scope == RateLimitScope.User ? "user" : "tenant"),
            new KeyValuePair<string, object?>("activity", activity.Type == ActivityTypes.Invoke ? activity.Name ?? "invoke" : activity.Type));
        return scope;
    }
}

public enum RateLimitScope
{
    User,
    Tenant,
}

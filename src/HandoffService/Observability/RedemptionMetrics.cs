using System.Diagnostics;
using System.Diagnostics.Metrics;
using Handoff.ServiceDefaults;
using Handoff.ServiceDefaults.Observability;

namespace Handoff.HandoffService.Observability;

/// <summary>
/// HandoffService's step of the funnel: each redemption attempt's result (redeemed, rejected with its reason,
/// delayed, failed) and how long ConversationState took to answer it, in seconds.
/// </summary>
public sealed class RedemptionMetrics
{
    public const string Redeemed = "redeemed";
    public const string Rejected = "rejected";
    public const string Delayed = "delayed";
    public const string Failed = "failed";

    private readonly Counter<long> _redemptions;
    private readonly Histogram<double> _duration;
    private readonly TenantMetricTag _tenant;

    public RedemptionMetrics(IMeterFactory meters, TenantMetricTag tenant)
    {
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _tenant = tenant;
        _redemptions = meter.CreateCounter<long>("handoff.redemptions", "{redemption}",
            "Redemption attempts by result (redeemed, rejected, delayed, failed) and rejection reason.");
        _duration = meter.CreateHistogram<double>("handoff.redeem.duration", "s", "One redemption call to ConversationState, answered or failed.",
            advice: HandoffTelemetry.DurationAdvice);
    }

    /// <param name="reason">The rejection's metric tag (e.g. <c>expired</c>), for rejected and failed redemptions.</param>
    public void Attempted(string result, string? reason, TimeSpan duration, string tenantId)
    {
        var tags = new TagList { { "handoff.result", result } };
        if (reason is not null)
        {
            tags.Add("reason", reason);
        }

        _redemptions.Add(1, _tenant.With(tags, tenantId));
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("handoff.result", result));
    }
}

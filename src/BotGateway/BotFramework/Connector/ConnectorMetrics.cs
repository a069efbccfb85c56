using System.Diagnostics;
using System.Diagnostics.Metrics;
using Handoff.BotGateway.BotFramework.Connector.Pacing;
using Handoff.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// How long Bot Connector sends take (retries included), those that failed for good, and the pacing: waits, wait
/// time, which limit and the limits themselves. No tenant or conversation is a tag: they identify customers and users.
/// </summary>
public sealed class ConnectorMetrics
{
    private readonly Counter<long> _giveUps;
    private readonly Histogram<double> _sendDuration;
    private readonly Histogram<double> _paced;
    private readonly Counter<long> _waits;
    private readonly Counter<long> _pacedLocally;
    private readonly Counter<long> _missedSlots;

    public ConnectorMetrics(IMeterFactory meters, IOptions<ConnectorOptions> options)
    {
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _giveUps = meter.CreateCounter<long>("handoff.connector.give_ups", "{activity}",
            "Activities the Bot Connector did not accept after every retry.");
        _sendDuration = meter.CreateHistogram<double>("handoff.connector.send.duration", "s",
            "One activity sent to the Bot Connector, from the first attempt to the last answer (429 waits and retries included).",
            advice: HandoffTelemetry.DurationAdvice);
        _paced = meter.CreateHistogram<double>("handoff.connector.rate_limit.wait", "s",
            "How long an attempt waited for the outbound pacing (per tenant and per conversation) before it was sent.",
            advice: HandoffTelemetry.DurationAdvice);
        _waits = meter.CreateCounter<long>("handoff.connector.rate_limit.waits", "{attempt}",
            "Attempts to the Bot Connector that had to wait for a tenant's or a conversation's limit.");
        _missedSlots = meter.CreateCounter<long>("handoff.connector.rate_limit.missed_slots", "{attempt}",
            "Attempts that woke later than the pacing guard after their slot (a busy machine) and took a new one rather than bunch with the next window's sends.");
        _pacedLocally = meter.CreateCounter<long>("handoff.connector.rate_limit.local", "{attempt}",
            "Attempts paced by this replica alone because Redis, which shares the limits between replicas, was unreachable.");
        var limits = PacingLimits.From(options.Value);
        meter.CreateObservableGauge("handoff.connector.rate_limit.limit", () =>
            limits.Conversation.Select(window => Limit("conversation", window)).Prepend(Limit("tenant", limits.Tenant)),
            "{attempt}", "The Bot Connector limits the gateway paces to, per window (the configured guard included in the width).");
    }

    /// <param name="status">The connector's last answer; 0 when it could not be reached.</param>
    public void Sent(string activityType, int status, TimeSpan duration) =>
        _sendDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("activity.type", activityType),
            new KeyValuePair<string, object?>("http.response.status_code", status));

    /// <param name="shared">Paced through Redis with every replica, rather than by this replica alone.</param>
    public void Paced(TimeSpan waited, PacingScope limitedBy, bool shared)
    {
        var tags = new TagList
        {
            { "limited_by", limitedBy.ToString().ToLowerInvariant() },
            { "pacing", shared ? "shared" : "local" },
        };
        _paced.Record(waited.TotalSeconds, tags);
        if (limitedBy != PacingScope.None)
        {
            _waits.Add(1, tags);
        }
    }

    public void PacedLocally() => _pacedLocally.Add(1);

    public void MissedSlot() => _missedSlots.Add(1);

    public void GaveUp(string activityType, int? status) =>
        _giveUps.Add(1, new KeyValuePair<string, object?>("activity.type", activityType),
            new KeyValuePair<string, object?>("http.response.status_code", status ?? 0));

    private static Measurement<long> Limit(string scope, SendWindow window) =>
        new(window.Sends, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("window", window.Name));
}

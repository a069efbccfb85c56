using System.Diagnostics;
using System.Diagnostics.Metrics;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.ServiceDefaults;
using Handoff.ServiceDefaults.Observability;

namespace Handoff.BotGateway.Observability;

/// <summary>
/// The handoff funnel as OpenTelemetry metrics (meter <c>Handoff</c>): Copilot queries, cards shown, clicks,
/// how each handoff ended, by reason code, and what users thought of it; with the latencies users feel. Tagged by
/// outcome and reason, and by tenant only for tenants listed in <c>Observability:TenantTaggedMetrics</c>; never by user.
/// </summary>
public sealed class HandoffMetrics
{
    private readonly Counter<long> _queries;
    private readonly Counter<long> _cards;
    private readonly Counter<long> _clicks;
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _queryDuration;
    private readonly Histogram<double> _clickAck;
    private readonly Histogram<double> _clickToWelcome;
    private readonly Counter<long> _feedback;
    private readonly TenantMetricTag? _tenant;

    public HandoffMetrics(IMeterFactory meters, TenantMetricTag? tenant = null)
    {
        _tenant = tenant;
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _queries = meter.CreateCounter<long>("handoff.queries", "{query}", "Copilot message-extension queries answered with cards.");
        _cards = meter.CreateCounter<long>("handoff.cards", "{card}", "Handoff cards shown, one token minted each.");
        _clicks = meter.CreateCounter<long>("handoff.clicks", "{click}", "handoff/action invokes accepted.");
        _outcomes = meter.CreateCounter<long>("handoff.outcomes", "{handoff}", "How handoffs ended for the user: welcomed, delayed or rejected (with the reason).");
        _queryDuration = meter.CreateHistogram<double>("handoff.query.duration", "s", "Copilot query to cards answered.",
            advice: HandoffTelemetry.DurationAdvice);
        _clickAck = meter.CreateHistogram<double>("handoff.click.ack.duration", "s", "handoff/action received to 200 answered.",
            advice: HandoffTelemetry.DurationAdvice);
        _clickToWelcome = meter.CreateHistogram<double>("handoff.click_to_welcome.duration", "s", "Click to the welcome sent to the user.",
            advice: HandoffTelemetry.DurationAdvice);
        _feedback = meter.CreateCounter<long>("handoff.feedback", "{vote}", "Users' 👍/👎 after a handoff's outcome, one per handoff, by vote and outcome reason.");
    }

    public void QueryAnswered(int cards, TimeSpan duration, string? tenantId = null)
    {
        var tags = Tenant(tenantId);
        _queries.Add(1, tags);
        _cards.Add(cards, tags);
        _queryDuration.Record(duration.TotalSeconds);
    }

    public void ClickAcknowledged(TimeSpan duration, string? tenantId = null)
    {
        _clicks.Add(1, Tenant(tenantId));
        _clickAck.Record(duration.TotalSeconds);
    }

    /// <param name="reason">The outcome's tag: <c>welcomed</c> or a rejection's reason tag.</param>
    public void Feedback(string vote, string reason) =>
        _feedback.Add(1, new KeyValuePair<string, object?>("vote", vote), new KeyValuePair<string, object?>("reason", reason));

    private TagList Tenant(string? tenantId) => _tenant?.With(default, tenantId) ?? default;

    public void Welcomed(TimeSpan sinceClick)
    {
        _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", "welcomed"));
        _clickToWelcome.Record(sinceClick.TotalSeconds);
    }

    public void Delayed() => _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", "delayed"));

    /// <param name="notified">False when the click stayed quiet because the chat was told within the window.</param>
    public void AlreadyContinuing(bool notified) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeTags.AlreadyContinuing), new KeyValuePair<string, object?>("notice", notified ? "sent" : "quiet"));

    public void Rejected(HandoffRejectionReason reason) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"), new KeyValuePair<string, object?>("reason", OutcomeTags.Of(reason)));
}

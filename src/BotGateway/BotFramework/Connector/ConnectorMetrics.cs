using System.Diagnostics.Metrics;
using Handoff.ServiceDefaults;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>How long Bot Connector sends take (retries included), and those that failed for good, after every retry.</summary>
public sealed class ConnectorMetrics
{
    private readonly Counter<long> _giveUps;
    private readonly Histogram<double> _sendDuration;
    private readonly Histogram<double> _paced;

    public ConnectorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _giveUps = meter.CreateCounter<long>("handoff.connector.give_ups", "{activity}",
            "Activities the Bot Connector did not accept after every retry.");
        _sendDuration = meter.CreateHistogram<double>("handoff.connector.send.duration", "s",
            "One activity sent to the Bot Connector, from the first attempt to the last answer (429 waits and retries included).",
            advice: HandoffTelemetry.DurationAdvice);
        _paced = meter.CreateHistogram<double>("handoff.connector.rate_limit.wait", "s",
            "How long an attempt waited for the outbound rate limit (per conversation and per bot) before it was sent.",
            advice: HandoffTelemetry.DurationAdvice);
    }

    /// <param name="status">The connector's last answer; 0 when it could not be reached.</param>
    public void Sent(string activityType, int status, TimeSpan duration) =>
        _sendDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("activity.type", activityType),
            new KeyValuePair<string, object?>("http.response.status_code", status));

    public void Paced(TimeSpan waited) => _paced.Record(waited.TotalSeconds);

    public void GaveUp(string activityType, int? status) =>
        _giveUps.Add(1, new KeyValuePair<string, object?>("activity.type", activityType),
            new KeyValuePair<string, object?>("http.response.status_code", status ?? 0));
}

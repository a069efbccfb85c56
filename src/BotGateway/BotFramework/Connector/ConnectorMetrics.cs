using System.Diagnostics.Metrics;
using Handoff.ServiceDefaults;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>Bot Connector sends that failed for good, after every retry.</summary>
public sealed class ConnectorMetrics
{
    private readonly Counter<long> _giveUps;

    public ConnectorMetrics(IMeterFactory meters)
    {
        _giveUps = meters.Create(HandoffTelemetry.MeterName).CreateCounter<long>("handoff.connector.give_ups", "{activity}",
            "Activities the Bot Connector did not accept after every retry.");
    }

    public void GaveUp(string activityType, int? status) =>
        _giveUps.Add(1, new KeyValuePair<string, object?>("activity.type", activityType),
            new KeyValuePair<string, object?>("http.response.status_code", status ?? 0));
}

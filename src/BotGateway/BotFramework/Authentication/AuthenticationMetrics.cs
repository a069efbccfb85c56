using System.Diagnostics.Metrics;
using Handoff.ServiceDefaults;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>Refused requests to <c>/api/messages</c>, by status and reason code (never by user).</summary>
public sealed class AuthenticationMetrics
{
    private readonly Counter<long> _rejections;

    public AuthenticationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _rejections = meter.CreateCounter<long>("handoff.gateway.auth.rejections", "{request}",
            "Requests to /api/messages refused by authentication (401) or authorization (403).");
    }

    public void Rejected(int status, string code) =>
        _rejections.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status), new KeyValuePair<string, object?>("reason", code));
}

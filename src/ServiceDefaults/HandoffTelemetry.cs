using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Handoff.ServiceDefaults;

/// <summary>The one ActivitySource and Meter name all Handoff services emit under.</summary>
public static class HandoffTelemetry
{
    public const string ActivitySourceName = "Handoff";
    public const string MeterName = "Handoff";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Handoff.ServiceDefaults;

/// <summary>The one ActivitySource and Meter name all Handoff services emit under.</summary>
public static class HandoffTelemetry
{
    public const string ActivitySourceName = "Handoff";
    public const string MeterName = "Handoff";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>Histogram buckets for durations in seconds, 0.5 ms to 10 s (ASP.NET Core's own for request durations).</summary>
    public static double[] SecondsBuckets => [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
}

using System.Globalization;
using System.Text;

namespace Handoff.Funnel.Tests;

/// <summary>
/// One replica's <c>/metrics</c> as OpenTelemetry.Exporter.Prometheus.AspNetCore writes it: <c>target_info</c>,
/// <c># TYPE</c>/<c># HELP</c> lines, <c>otel_scope_name</c> on every series, a millisecond timestamp.
/// Series are named here as that exporter names them, so the tests show what the parser is expected to meet.
/// </summary>
public sealed class ExporterText
{
    /// <summary>The services' duration buckets (HandoffTelemetry.SecondsBuckets): 0.5 ms to 10 s.</summary>
    public static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private const string Timestamp = "1765380000123";
    private readonly StringBuilder _text = new();

    public ExporterText(string service, string instance) =>
        _text.AppendLine("# TYPE target_info gauge").AppendLine("# HELP target_info Target metadata")
            .AppendLine($"target_info{{service_name=\"{service}\",service_instance_id=\"{instance}\",telemetry_sdk_language=\"dotnet\",telemetry_sdk_name=\"opentelemetry\"}} 1");

    public ExporterText Counter(string series, double value, string labels = "") => Series(series, "counter", value, labels);

    public ExporterText Gauge(string series, double value, string labels = "") => Series(series, "gauge", value, labels);

    /// <param name="series">Without <c>_bucket</c>: e.g. <c>handoff_click_ack_duration_seconds</c>.</param>
    public ExporterText Histogram(string series, IReadOnlyList<double> observations, IReadOnlyList<double>? bounds = null)
    {
        _text.AppendLine($"# TYPE {series} histogram").AppendLine($"# HELP {series} A duration.");
        foreach (var bound in (bounds ?? SecondsBuckets).Append(double.PositiveInfinity))
        {
            var le = double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString(CultureInfo.InvariantCulture);
            _text.AppendLine($"{series}_bucket{{otel_scope_name=\"Handoff\",le=\"{le}\"}} {observations.Count(value => value <= bound)} {Timestamp}");
        }

        _text.AppendLine($"{series}_sum{{otel_scope_name=\"Handoff\"}} {observations.Sum().ToString(CultureInfo.InvariantCulture)} {Timestamp}")
            .AppendLine($"{series}_count{{otel_scope_name=\"Handoff\"}} {observations.Count} {Timestamp}");
        return this;
    }

    public override string ToString() => _text.AppendLine("# EOF").ToString();

    private ExporterText Series(string series, string type, double value, string labels)
    {
        var all = labels.Length == 0 ? "otel_scope_name=\"Handoff\"" : $"otel_scope_name=\"Handoff\",{labels}";
        _text.AppendLine($"# TYPE {series} {type}").AppendLine($"# HELP {series} A Handoff instrument.")
            .AppendLine($"{series}{{{all}}} {value.ToString(CultureInfo.InvariantCulture)} {Timestamp}");
        return this;
    }
}

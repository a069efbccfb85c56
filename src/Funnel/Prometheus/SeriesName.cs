namespace Handoff.Funnel.Prometheus;

/// <summary>
/// How an OpenTelemetry instrument's name and tag keys look once the Prometheus exporter has written them:
/// characters Prometheus does not allow become <c>_</c>, a counter gets <c>_total</c>, unit <c>s</c> gets
/// <c>_seconds</c> and a unit in braces nothing. The exporter is a beta whose suffixes have changed between
/// versions (and can be switched off), so both suffixes are optional here rather than required.
/// </summary>
public static class SeriesName
{
    private static readonly string[] OptionalSuffixes = ["_total", "_seconds"];

    public static string Sanitize(string otelName) =>
        string.Create(otelName.Length, otelName, (written, name) =>
        {
            for (var i = 0; i < name.Length; i++)
            {
                written[i] = char.IsAsciiLetterOrDigit(name[i]) || name[i] is '_' or ':' ? name[i] : '_';
            }
        });

    /// <summary>Whether <paramref name="seriesName"/> is the counter's or gauge's series of <paramref name="instrument"/>.</summary>
    public static bool Is(string seriesName, string instrument) => Stem(seriesName) == Sanitize(instrument);

    /// <summary>Whether <paramref name="seriesName"/> is one part (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>) of the histogram <paramref name="instrument"/>.</summary>
    public static bool IsPart(string seriesName, string instrument, string part) =>
        seriesName.EndsWith(part, StringComparison.Ordinal) && Is(seriesName[..^part.Length], instrument);

    /// <summary>The value of the tag <paramref name="otelKey"/> (e.g. <c>messaging.destination.name</c>, written <c>messaging_destination_name</c>).</summary>
    public static string? Label(PrometheusSample sample, string otelKey) =>
        sample.Labels.TryGetValue(Sanitize(otelKey), out var value) ? value : null;

    private static string Stem(string seriesName)
    {
        foreach (var suffix in OptionalSuffixes)
        {
            if (seriesName.EndsWith(suffix, StringComparison.Ordinal))
            {
                seriesName = seriesName[..^suffix.Length];
            }
        }

        return seriesName;
    }
}

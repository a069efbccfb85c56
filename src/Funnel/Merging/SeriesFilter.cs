using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Merging;

/// <summary>The series of an instrument whose tag <see cref="Tag"/> (its OpenTelemetry key) has <see cref="Value"/>.</summary>
public sealed record SeriesFilter(string Tag, string Value)
{
    public bool Matches(PrometheusSample sample) => SeriesName.Label(sample, Tag) == Value;
}

namespace Handoff.Dashboard.Components.Shared;

/// <summary>One line of a chart; null values are gaps (nothing was recorded then).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double?> Values)
{
    public static ChartSeries Of(string label, IEnumerable<double> values) => new(label, values.Select(value => (double?)value).ToList());
}

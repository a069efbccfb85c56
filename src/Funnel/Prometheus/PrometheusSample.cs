namespace Handoff.Funnel.Prometheus;

/// <summary>One line of a Prometheus text exposition: a series name, its labels and its value (the timestamp is dropped).</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

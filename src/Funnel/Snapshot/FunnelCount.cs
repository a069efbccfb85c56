namespace Handoff.Funnel.Snapshot;

/// <summary>A funnel row's total across replicas, and its share of the row named <see cref="ShareOf"/> (null when that row is 0).</summary>
public sealed record FunnelCount(string Label, double Count, string? ShareOf, double? Share);

namespace Handoff.Funnel.Instruments;

/// <summary>A duration histogram in seconds (unit <c>s</c>) shown as a latency row.</summary>
public sealed record LatencyInstrument(string Label, string Instrument);

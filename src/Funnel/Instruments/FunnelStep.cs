using Handoff.Funnel.Merging;

namespace Handoff.Funnel.Instruments;

/// <summary>One row of the funnel: the instrument that counts it, which of its series, and the earlier row it is a share of.</summary>
public sealed record FunnelStep(string Label, string Instrument, SeriesFilter? Where = null, string? ShareOf = null);

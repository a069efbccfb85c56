namespace Handoff.Funnel.Merging;

/// <summary>A count for one value of a tag: a reason code, a rate-limit scope, a queue.</summary>
public sealed record Tally(string Key, double Count);

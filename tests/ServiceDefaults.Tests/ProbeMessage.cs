namespace Handoff.ServiceDefaults.Tests;

/// <summary>A numbered message of one test run, so that losses and duplicates can be counted.</summary>
public sealed record ProbeMessage(Guid RunId, int Sequence);

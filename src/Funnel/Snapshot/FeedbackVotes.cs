namespace Handoff.Funnel.Snapshot;

/// <summary>Users' 👍 and 👎 after a handoff's outcome.</summary>
public sealed record FeedbackVotes(double Up, double Down);

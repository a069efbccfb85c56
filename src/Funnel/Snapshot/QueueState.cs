namespace Handoff.Funnel.Snapshot;

/// <summary>A handoff queue's depth and consumers as last read; null where no replica could read it.</summary>
public sealed record QueueState(string Queue, double? Messages, double? Consumers);

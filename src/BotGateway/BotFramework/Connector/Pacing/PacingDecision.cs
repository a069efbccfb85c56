namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>
/// Either a slot was reserved (<see cref="Reserved"/>: send after <see cref="Wait"/>), or the conversation is
/// the bottleneck and nothing was reserved: ask again after <see cref="Wait"/>. <see cref="Slot"/> is the reserved
/// slot on the schedule's own clock (Unix ms; Redis's for the shared one), 0 when nothing was reserved.
/// </summary>
public readonly record struct PacingDecision(bool Reserved, TimeSpan Wait, PacingScope LimitedBy, long Slot = 0);

/// <summary>Which limit made a send wait; a metric tag.</summary>
public enum PacingScope
{
    None,
    Tenant,
    Conversation,
}

namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>
/// Either a slot was reserved (<see cref="Reserved"/>: send after <see cref="Wait"/>), or the conversation is
/// the bottleneck and nothing was reserved: ask again after <see cref="Wait"/>.
/// </summary>
public readonly record struct PacingDecision(bool Reserved, TimeSpan Wait, PacingScope LimitedBy);

/// <summary>Which limit made a send wait; a metric tag.</summary>
public enum PacingScope
{
    None,
    Tenant,
    Conversation,
}

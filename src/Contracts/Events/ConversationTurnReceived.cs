using Handoff.Contracts.Privacy;

namespace Handoff.Contracts.Events;

/// <summary>
/// A user's message to the bot, taken in by the gateway and acknowledged; the answer is produced off the request by
/// whoever consumes this (the gateway's turn worker). It carries the user's words and where to answer, never the
/// handed-off context or the history: the worker reads those from ConversationState by the conversation id.
/// </summary>
/// <param name="ActivityId">Teams' id of the message, else one the gateway made up (<see cref="MadeUpIdPrefix"/>): one answer per activity, however often it arrives.</param>
/// <param name="UserAadObjectId">The user as handoffs are bound to them, and <paramref name="TenantId"/>; null when the activity names none.</param>
/// <param name="InCopilotChat">Sent in Microsoft 365 Copilot's own chat (a <c>ProductInfo</c> entity <c>COPILOT</c>), where the answer is a handoff link.</param>
public sealed record ConversationTurnReceived(
    Guid CorrelationId,
    string ActivityId,
    ConversationAddress Conversation,
    [property: UserContent] string Text,
    [property: UserIdentifier] string? UserAadObjectId,
    [property: UserIdentifier] string? TenantId,
    string? ConversationType,
    string? Locale,
    bool InCopilotChat,
    DateTimeOffset ReceivedAt)
{
    /// <summary>A personal (1:1) chat: where Teams streams answers. Teams names it <c>personal</c>; local clients may name none.</summary>
    public bool IsPersonalChat => ConversationType is null or "personal";

    public const string MadeUpIdPrefix = "gateway:";

    /// <summary>Whether <see cref="ActivityId"/> is the channel's, so the answer can be a reply to it.</summary>
    public bool HasChannelActivityId => !ActivityId.StartsWith(MadeUpIdPrefix, StringComparison.Ordinal);
}

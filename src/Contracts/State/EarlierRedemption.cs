using System.Text.Json.Serialization;

namespace Handoff.Contracts.State;

/// <summary>
/// The user clicked a link they had already redeemed: the task it opened and where it stands in this conversation.
/// Only ever given to the token's owner, so it may carry the context; the event that tells them carries
/// <see cref="Events.EarlierRedemptionNotice"/> instead, and the notice's claim brings this back (ADR 0028).
/// </summary>
/// <param name="StepIndex">The task's step in this conversation (0-based); meaningless when <paramref name="Standing"/> is <see cref="EarlierTaskStanding.NotHere"/>.</param>
/// <param name="Notify">
/// Whether this click should tell the user (at most one such notice per conversation per window, and none right
/// after the welcome): false means stay quiet, the chat already says it.
/// </param>
/// <param name="RedemptionId">The earlier redemption's id, by which the notice's claim finds the task again; null where it is not known.</param>
public sealed record EarlierRedemption(HandoffContext Context, EarlierTaskStanding Standing, int StepIndex, bool Notify, string? RedemptionId = null);

[JsonConverter(typeof(JsonStringEnumConverter<EarlierTaskStanding>))]
public enum EarlierTaskStanding
{
    /// <summary>The conversation is working on it.</summary>
    Active,

    /// <summary>A newer handoff replaced it; it is kept as the previous task (<c>switch</c> goes back to it).</summary>
    Kept,

    /// <summary>This conversation no longer holds it (erased, replaced twice, or redeemed in another conversation).</summary>
    NotHere,
}

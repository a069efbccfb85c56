using System.Collections.Frozen;
using Handoff.Contracts.State;

namespace Handoff.Contracts.Events;

/// <summary>
/// How a handoff's outcome is spelled in metric tags, journal entries and the feedback buttons' <c>reason</c>: one
/// table for every service, so the funnel joins HandoffService's redemptions to the gateway's outcomes by the same words.
/// </summary>
public static class OutcomeTags
{
    /// <summary>A welcomed handoff, beside the rejection tags.</summary>
    public const string Welcomed = "welcomed";

    /// <summary>A click by the owner on a link they already redeemed.</summary>
    public const string AlreadyContinuing = "already_continuing";

    private static readonly FrozenDictionary<HandoffRejectionReason, string> Rejections = new Dictionary<HandoffRejectionReason, string>
    {
        [HandoffRejectionReason.Unknown] = "unknown",
        [HandoffRejectionReason.Expired] = "expired",
        [HandoffRejectionReason.AlreadyUsed] = "already_used",
        [HandoffRejectionReason.NotYours] = "not_yours",
        [HandoffRejectionReason.TenantNotAllowed] = "tenant_not_allowed",
        [HandoffRejectionReason.ContextTooLarge] = "context_too_large",
        [HandoffRejectionReason.StateUnavailable] = "state_unavailable",
    }.ToFrozenDictionary();

    /// <summary>The reason's tag; a reason this build does not know (a newer sender's) reads as <c>unknown</c>.</summary>
    public static string Of(HandoffRejectionReason reason) => Rejections.GetValueOrDefault(reason, "unknown");

    /// <summary>Whether <paramref name="tag"/> names an outcome: the welcome or a rejection.</summary>
    public static bool IsOutcome(string tag) => tag == Welcomed || Rejections.Values.Contains(tag);
}

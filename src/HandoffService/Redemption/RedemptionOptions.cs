namespace Handoff.HandoffService.Redemption;

/// <summary>Section <c>Redemption</c>: how long a handoff waits for ConversationState (Redis) to come back.</summary>
public sealed class RedemptionOptions
{
    public const string SectionName = "Redemption";

    /// <summary>
    /// The default waits between attempts while the state service is unavailable: about five minutes in all.
    /// After the first failure the user is told the handoff is delayed; after the last one, that it failed.
    /// </summary>
    public static readonly TimeSpan[] DefaultRetryIntervals =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20),
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60),
    ];

    /// <summary>Configured waits; empty means <see cref="DefaultRetryIntervals"/>. (Binding appends to a non-empty default.)</summary>
    public TimeSpan[] RetryIntervals { get; set; } = [];

    public TimeSpan[] EffectiveRetryIntervals => RetryIntervals.Length > 0 ? RetryIntervals : DefaultRetryIntervals;
}

using System.ComponentModel.DataAnnotations;

namespace Handoff.ConversationState;

/// <summary>Lifetimes and the limits that protect Redis. Section <c>State</c>.</summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>How long a continuation token can be redeemed. The platform sets none; the docs ask for "short-lived".</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an expired or redeemed token leaves its tombstone, so a late click is told "expired" or "already used"
    /// rather than "unknown". The context itself goes with the token's lifetime (or, redeemed, to the conversation).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan TokenMemory { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a redeemed token keeps its sealed context beside its tombstone, so a retried redemption (same id) replays
    /// it: longer than HandoffService's retries (about five minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan RedemptionReplayWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sliding lifetime of a conversation's state: every read or write extends it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan ConversationLifetime { get; set; } = TimeSpan.FromHours(24);

    [Range(1, 25)]
    public int MaxContextsPerRequest { get; set; } = 10;

    /// <summary>Open (unredeemed, unexpired) contexts one user may hold: a runaway client cannot fill Redis.</summary>
    [Range(1, 100_000)]
    public int MaxOpenContextsPerUser { get; set; } = 200;

    /// <summary>
    /// Handoffs one user may have stored at once, open or tombstones of used and expired ones (about
    /// <see cref="TokenMemory"/>'s worth): bounds the small records a user within every rate limit leaves behind.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxStoredHandoffsPerUser { get; set; } = 2_000;

    /// <summary>Open contexts one tenant may hold (at most <see cref="MaxContextBytes"/> each, sealed).</summary>
    [Range(1, 10_000_000)]
    public int MaxOpenContextsPerTenant { get; set; } = 20_000;

    /// <summary>Handoffs one tenant may have stored at once, open or tombstones.</summary>
    [Range(1, 100_000_000)]
    public int MaxStoredHandoffsPerTenant { get; set; } = 500_000;

    [Range(256, 1024 * 1024)]
    public int MaxContextBytes { get; set; } = 16 * 1024;

    /// <summary>How long a handoff's diagnostics journal (and its feedback vote) is kept, from its first step.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan JournalLifetime { get; set; } = TimeSpan.FromHours(24);

    [Range(10, 10_000)]
    public int MaxJournalSteps { get; set; } = 100;

    /// <summary>How often Redis is PINGed to measure its latency (<c>handoff.redis.command.duration</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RedisPingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Redis's used_memory over its maxmemory from which /health says Degraded: time to add memory before writes stop.</summary>
    [Range(0.1, 1.0)]
    public double MemoryDegradedRatio { get; set; } = 0.80;

    /// <summary>Redis's used_memory over its maxmemory from which /health says Unhealthy: with noeviction, writes are about to be refused.</summary>
    [Range(0.1, 1.0)]
    public double MemoryUnhealthyRatio { get; set; } = 0.95;

    /// <summary>
    /// Replicas that must hold a mint or a redeem before it is answered (<c>WAIT</c>). Unset: 1 when
    /// <c>ConnectionStrings:redis</c> names a Sentinel service, else 0. Keep more replicas than this, or writes stop
    /// when the primary is lost and its replica promoted.
    /// </summary>
    [Range(0, 5)]
    public int? ReplicaAcks { get; set; }

    /// <summary>How long a write waits for <see cref="ReplicaAcks"/> before the caller gets a 503 to retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After a handoff's outcome is decided in a conversation, how long a still-waiting click there shows no typing
    /// indicator (its message follows at once), and how long one typing indicator holds for the conversation's other clicks.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TypingWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long, after a welcome or an "already continuing" notice, further clicks by the owner on a link they already
    /// redeemed stay quiet in that conversation (double clicks, Teams re-sending, a second window).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AlreadyContinuingNoticeWindow { get; set; } = TimeSpan.FromSeconds(60);
}

using Handoff.Funnel.Merging;

namespace Handoff.Funnel.Instruments;

/// <summary>
/// The instruments the services define (meter <c>Handoff</c>), by their OpenTelemetry names and tag keys, and
/// which series count each part of the funnel. The one place to correct when a service renames an instrument;
/// how the exporter spells the names is <see cref="Prometheus.SeriesName"/>'s concern.
/// </summary>
public static class FunnelInstruments
{
    /// <summary>BotGateway's HandoffMetrics: how each handoff ended for the user, tagged <c>outcome</c> and, when rejected, <c>reason</c>.</summary>
    public const string Outcomes = "handoff.outcomes";

    public const string ReasonTag = "reason";

    /// <summary>BotGateway's HandoffMetrics, tagged <c>vote</c> (<c>up</c>, <c>down</c>).</summary>
    public const string Feedback = "handoff.feedback";

    public const string VoteTag = "vote";
    public const string VoteUp = "up";
    public const string VoteDown = "down";

    /// <summary>BotGateway's InboundRateLimiter, tagged <c>scope</c> (<c>user</c>, <c>tenant</c>).</summary>
    public const string RateLimited = "handoff.rate_limited";

    public const string ScopeTag = "scope";

    /// <summary>HandoffService's RabbitMqQueueProbe: observable gauges tagged with the queue's name.</summary>
    public const string QueueMessages = "handoff.rabbitmq.queue.messages";

    public const string QueueConsumers = "handoff.rabbitmq.queue.consumers";
    public const string QueueTag = "messaging.destination.name";

    /// <summary>Handoffs the user was told were refused; broken down by <see cref="ReasonTag"/> as the failures.</summary>
    public static SeriesFilter Rejected { get; } = new("outcome", "rejected");

    public static IReadOnlyList<FunnelStep> Steps { get; } =
    [
        new("Copilot queries", "handoff.queries"),
        new("Cards shown", "handoff.cards", ShareOf: "Copilot queries"),
        new("Tokens minted", "handoff.tokens.minted", ShareOf: "Cards shown"),
        new("Clicks", "handoff.clicks", ShareOf: "Tokens minted"),
        new("Redeemed", "handoff.redemptions", new("handoff.result", "redeemed"), ShareOf: "Clicks"),
        new("Welcomed", Outcomes, new("outcome", "welcomed"), ShareOf: "Redeemed"),
        // A click ends welcomed, delayed or refused: the last two are shares of the clicks, not of the row above.
        new("Delayed", Outcomes, new("outcome", "delayed"), ShareOf: "Clicks"),
        new("Failed", Outcomes, Rejected, ShareOf: "Clicks"),
        // The owner clicking a link already redeemed: told where the task stands once per window, quiet otherwise.
        new("Already continuing", Outcomes, new("outcome", "already_continuing"), ShareOf: "Clicks"),
    ];

    /// <summary>The latencies users feel, P50/P90/P99 each.</summary>
    public static IReadOnlyList<LatencyInstrument> Latencies { get; } =
    [
        new("Click → ack", "handoff.click.ack.duration"),
        new("Click → welcome", "handoff.click_to_welcome.duration"),
        new("Copilot query", "handoff.query.duration"),
    ];
}

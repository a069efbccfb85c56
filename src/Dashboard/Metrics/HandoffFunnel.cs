using Handoff.Dashboard.Telemetry;

namespace Handoff.Dashboard.Metrics;

/// <summary>
/// The handoff funnel as the services name it (meter <c>Handoff</c>): which instrument, and which of its tag
/// sets, counts each step from a Copilot query to the welcome.
/// </summary>
public static class HandoffFunnel
{
    public const string Outcomes = "handoff.outcomes";
    public const string ClickToWelcome = "handoff.click_to_welcome.duration";
    public const string ClickAck = "handoff.click.ack.duration";
    public const string QueryDuration = "handoff.query.duration";
    public const string Feedback = "handoff.feedback";
    public const string QueueMessages = "handoff.rabbitmq.queue.messages";
    public const string QueueConsumers = "handoff.rabbitmq.queue.consumers";
    public const string RedisCommand = "handoff.redis.command.duration";
    public const string ConnectorSend = "handoff.connector.send.duration";
    public const string Redeem = "handoff.redeem.duration";
    public const string RateLimits = "handoff.rate_limit.limit";
    public const string RateLimited = "handoff.rate_limited";

    /// <summary>Handoffs the user was told were refused; the Handoff page also breaks them down by reason.</summary>
    public static FunnelStep Failed { get; } = new("Failed", Outcomes, Tag("outcome", "rejected"));

    public static IReadOnlyList<FunnelStep> Steps { get; } =
    [
        new("Copilot queries", "handoff.queries"),
        new("Cards shown", "handoff.cards"),
        new("Tokens minted", "handoff.tokens.minted"),
        new("Clicks", "handoff.clicks"),
        new("Redeemed", "handoff.redemptions", Tag("handoff.result", "redeemed")),
        new("Welcomed", Outcomes, Tag("outcome", "welcomed")),
        new("Delayed", Outcomes, Tag("outcome", "delayed")),
        Failed,
    ];

    public static Func<IReadOnlyDictionary<string, string>, bool> Tag(string key, string value) =>
        tags => tags.TryGetValue(key, out var actual) && actual == value;
}

public sealed record FunnelStep(string Label, string Instrument, Func<IReadOnlyDictionary<string, string>, bool>? TagFilter = null)
{
    public IReadOnlyList<MetricStream> Streams(ITelemetryStore store, DateTimeOffset? since = null) =>
        MetricStream.Split(store.GetPoints(Instrument, since: since), TagFilter);
}

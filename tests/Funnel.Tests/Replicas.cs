using Handoff.Funnel.Prometheus;

namespace Handoff.Funnel.Tests;

/// <summary>A small deployment's <c>/metrics</c>: two BotGateway replicas, one ConversationState, two HandoffService.</summary>
public static class Replicas
{
    public static string BotGateway0 { get; } = new ExporterText("botgateway", "botgateway-0")
        .Counter("handoff_queries_total", 60)
        .Counter("handoff_cards_total", 100)
        .Counter("handoff_cards_total", 20, "tenant_id=\"contoso\"")
        .Counter("handoff_clicks_total", 50)
        .Counter("handoff_outcomes_total", 40, "outcome=\"welcomed\"")
        .Counter("handoff_outcomes_total", 2, "outcome=\"delayed\"")
        .Counter("handoff_outcomes_total", 3, "outcome=\"rejected\",reason=\"expired\"")
        .Counter("handoff_outcomes_total", 1, "outcome=\"rejected\",reason=\"already_used\"")
        .Counter("handoff_feedback_total", 9, "vote=\"up\",reason=\"welcomed\"")
        .Counter("handoff_feedback_total", 1, "vote=\"down\",reason=\"expired\"")
        .Counter("handoff_rate_limited_total", 4, "scope=\"user\",activity=\"message\"")
        .Histogram("handoff_click_ack_duration_seconds", [0.004, 0.004, 0.02, 0.3])
        .Histogram("handoff_click_to_welcome_duration_seconds", [21, 22, 23])
        .ToString();

    public static string BotGateway1 { get; } = new ExporterText("botgateway", "botgateway-1")
        .Counter("handoff_queries_total", 40)
        .Counter("handoff_cards_total", 80)
        .Counter("handoff_clicks_total", 30)
        .Counter("handoff_outcomes_total", 20, "outcome=\"welcomed\"")
        .Counter("handoff_outcomes_total", 2, "outcome=\"rejected\",reason=\"expired\"")
        .Counter("handoff_outcomes_total", 3, "outcome=\"already_continuing\",notice=\"quiet\"")
        .Counter("handoff_outcomes_total", 1, "outcome=\"already_continuing\",notice=\"sent\"")
        .Counter("handoff_feedback_total", 3, "vote=\"up\",reason=\"welcomed\"")
        .Counter("handoff_rate_limited_total", 1, "scope=\"tenant\",activity=\"invoke\"")
        .Counter("handoff_rate_limited_total", 2, "scope=\"user\",activity=\"invoke\"")
        .Histogram("handoff_click_ack_duration_seconds", [0.004, 0.004, 0.004, 0.004])
        .ToString();

    public static string ConversationState0 { get; } = new ExporterText("conversationstate", "conversationstate-0")
        .Counter("handoff_tokens_minted_total", 200)
        .Histogram("handoff_redis_command_duration_seconds", [0.001])
        .ToString();

    public static string HandoffService0 { get; } = new ExporterText("handoffservice", "handoffservice-0")
        .Counter("handoff_redemptions_total", 45, "handoff_result=\"redeemed\"")
        .Counter("handoff_redemptions_total", 5, "handoff_result=\"rejected\",reason=\"expired\"")
        .Gauge("handoff_rabbitmq_queue_messages", 7, "messaging_destination_name=\"handoff-requests\"")
        .Gauge("handoff_rabbitmq_queue_consumers", 2, "messaging_destination_name=\"handoff-requests\"")
        .Gauge("handoff_rabbitmq_queue_consumers", 1, "messaging_destination_name=\"handoff-outcomes\"")
        .ToString();

    public static string HandoffService1 { get; } = new ExporterText("handoffservice", "handoffservice-1")
        .Counter("handoff_redemptions_total", 25, "handoff_result=\"redeemed\"")
        .Gauge("handoff_rabbitmq_queue_messages", 6, "messaging_destination_name=\"handoff-requests\"")
        .Gauge("handoff_rabbitmq_queue_consumers", 2, "messaging_destination_name=\"handoff-requests\"")
        .ToString();

    public static IEnumerable<PrometheusSample> All =>
        new[] { BotGateway0, BotGateway1, ConversationState0, HandoffService0, HandoffService1 }.SelectMany(PrometheusText.Parse);
}

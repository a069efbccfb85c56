namespace Handoff.Contracts.State;

/// <summary>
/// The route templates of ConversationState's API, for telemetry: a call's span shows the template, never the
/// conversation, tenant or user id in its path (ServiceDefaults' span URL redaction).
/// </summary>
public static class StateApiRoutes
{
    public static readonly IReadOnlyList<string> Templates =
    [
        "/conversations/{conversationId}",
        "/conversations/{conversationId}/turns",
        "/conversations/{conversationId}/replies",
        "/conversations/{conversationId}/active-task/advance",
        "/conversations/{conversationId}/active-task/switch",
        "/conversations/{conversationId}/typing",
        "/handoff-contexts",
        "/handoff-tokens/redeem",
        "/handoff-journal",
        "/handoff-journal/{reference}",
        "/handoff-journal/{reference}/feedback",
        "/outcome-deliveries/{deliveryId}",
        "/outcome-deliveries/{deliveryId}/claim",
        "/outcome-deliveries/{deliveryId}/complete",
        "/outcome-deliveries/{deliveryId}/renew",
        "/users/{tenantId}/{userAadObjectId}",
    ];
}

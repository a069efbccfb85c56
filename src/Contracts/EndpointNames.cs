namespace Handoff.Contracts;

/// <summary>
/// RabbitMQ queue names, set explicitly: two consumer classes with the same name in different services
/// must never end up sharing a queue by accident of naming conventions.
/// </summary>
public static class EndpointNames
{
    public const string HandoffRequests = "handoff-service.handoff-requested";
    public const string HandoffOutcomes = "bot-gateway.handoff-outcomes";
    public const string ConversationTurns = "bot-gateway.conversation-turns";
}

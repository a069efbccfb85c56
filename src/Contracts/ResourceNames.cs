namespace Handoff.Contracts;

/// <summary>
/// The names of the resources the AppHost starts. The same names key the connection strings
/// (<c>ConnectionStrings__redis</c>) and service-discovery entries (<c>services__conversationstate__http__0</c>),
/// so the host, the services and the tests must agree on them.
/// </summary>
public static class ResourceNames
{
    public const string Redis = "redis";
    public const string RabbitMq = "rabbitmq";
    public const string ConversationState = "conversationstate";
    public const string HandoffService = "handoffservice";
    public const string BotGateway = "botgateway";
    public const string GatewayProxy = "gateway-proxy";

    /// <summary>The chat model's connection string (<c>ConnectionStrings:chat</c>), optional.</summary>
    public const string Chat = "chat";
}

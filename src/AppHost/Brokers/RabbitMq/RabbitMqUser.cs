using Handoff.Contracts;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>
/// One service's RabbitMQ user and its permissions on the default virtual host: regexes over the exchanges and queues
/// MassTransit declares (message types as <c>Handoff.Contracts.Events:{Type}</c>, each receive endpoint's queue and
/// exchange with its <c>_error</c> and <c>_skipped</c>, the bus's own temporary <c>{host}_{process}_bus_{id}</c>, and
/// <c>MassTransit:Fault--…</c>). Configure declares, write publishes or binds into, read consumes or binds from
/// (https://www.rabbitmq.com/docs/access-control#permissions). Dots are written <c>[.]</c>: no backslash to escape in JSON or shell.
/// </summary>
public sealed record RabbitMqUser(string Name, string Configure, string Write, string Read)
{
    private const string Events = "Handoff[.]Contracts[.]Events:";

    private const string Own = "MassTransit:Fault--.*|.*_bus_.*";

    // The turns' queue (EndpointNames.ConversationTurns) and its exchange, which the gateway sends to; the type's exchange for MassTransit's topology.
    private const string Turns = $"{Events}ConversationTurnReceived|bot-gateway[.]conversation-turns(_error|_skipped)?";

    /// <summary>
    /// Publishes HandoffRequested, consumes the outcomes on its own queue. It may not publish an outcome: that is what
    /// would let anyone holding its password make the bot post any text (issue 15).
    /// Conversation turns are its own, sent and consumed by the gateway alone (HandoffService never sees them).
    /// </summary>
    public static RabbitMqUser Gateway { get; } = new(ResourceNames.BotGateway,
        Configure: $"^({Events}Handoff(Requested|ContextRestored|Rejected|Delayed)|{Turns}|{Endpoint(EndpointNames.HandoffOutcomes)}|{Own})$",
        Write: $"^({Events}HandoffRequested|{Turns}|{Endpoint(EndpointNames.HandoffOutcomes)}|{Own})$",
        Read: $"^({Events}Handoff(ContextRestored|Rejected|Delayed)|{Turns}|{Endpoint(EndpointNames.HandoffOutcomes)}|.*_bus_.*)$");

    /// <summary>Consumes HandoffRequested on its own queue and publishes the outcomes; it never publishes a request.</summary>
    public static RabbitMqUser HandoffService { get; } = new(ResourceNames.HandoffService,
        Configure: $"^({Events}Handoff(Requested|ContextRestored|Rejected|Delayed)|{Endpoint(EndpointNames.HandoffRequests)}|{Own})$",
        Write: $"^({Events}Handoff(ContextRestored|Rejected|Delayed)|{Endpoint(EndpointNames.HandoffRequests)}|{Own})$",
        Read: $"^({Events}HandoffRequested|{Endpoint(EndpointNames.HandoffRequests)}|.*_bus_.*)$");

    public static IReadOnlyList<RabbitMqUser> Services { get; } = [Gateway, HandoffService];

    /// <summary>The AppHost's secret parameter for the user's password, and the cluster Secret's key for it.</summary>
    public string PasswordParameter => $"{ResourceNames.RabbitMq}-{Name}-password";

    private static string Endpoint(string queue) => $"{queue.Replace(".", "[.]", StringComparison.Ordinal)}(_error|_skipped)?";
}

namespace Handoff.AppHost.CommandLine;

/// <summary>
/// Which project runs as the bot, the <c>botgateway</c> resource (<c>--bot</c>): the gateway itself, or a team's own
/// project that references it and replaces its pieces (ADR 0025). Either gets the same name, port, keys and brokers.
/// </summary>
public enum BotProject
{
    /// <summary><c>--bot gateway</c>, the default: src/BotGateway with today's search, welcome and conversation.</summary>
    Gateway,

    /// <summary><c>--bot ticket-desk</c>: samples/TicketDesk, a team's help-desk bot with its own search, welcome and agent.</summary>
    TicketDesk,
}

public static class BotProjects
{
    /// <summary>The <c>--bot</c> values, as a team adds its own project: one name, one line here and one in the AppHost's project references.</summary>
    public static readonly IReadOnlyDictionary<string, BotProject> Names = new Dictionary<string, BotProject>(StringComparer.OrdinalIgnoreCase)
    {
        ["gateway"] = BotProject.Gateway,
        ["ticket-desk"] = BotProject.TicketDesk,
    };
}

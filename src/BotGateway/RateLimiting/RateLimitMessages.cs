namespace Handoff.BotGateway.RateLimiting;

/// <summary>What a user over a limit is told: what happened and what to do next.</summary>
public static class RateLimitMessages
{
    public static string ForSearch(RateLimitScope scope) => scope == RateLimitScope.User
        ? "You're searching faster than I can keep up. Wait a few seconds, then search again."
        : Busy;

    public static string ForClick(RateLimitScope scope) => scope == RateLimitScope.User
        ? "You're opening links faster than I can keep up, so I didn't open that one. Wait a few seconds, then open the same link again: it still works."
        : Busy + " The link you opened still works.";

    public static string ForMessage(RateLimitScope scope) => scope == RateLimitScope.User
        ? "You're sending messages faster than I can answer. Give me a few seconds, then send your last message again."
        : Busy;

    private const string Busy = "Your organisation is sending me more than I can handle right now. Wait a minute and try again; if it keeps happening, tell your admin.";
}

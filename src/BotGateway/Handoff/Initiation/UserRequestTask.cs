using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>The first card's task: the user's own request, carried on as they wrote it.</summary>
public static class UserRequestTask
{
    public const string Id = "your-request";

    public static TaskItem From(string request) => new(
        Id,
        request,
        "Carry on with what you asked Copilot, in a chat with this bot.",
        [
            "Tell me what a good result looks like for this request.",
            "Share what you already have: notes, files or links.",
            "I draft the first version with you.",
            "Review it together and decide on the next step.",
        ]);
}

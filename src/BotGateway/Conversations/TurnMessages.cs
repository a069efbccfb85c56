using System.Globalization;

namespace Handoff.BotGateway.Conversations;

/// <summary>What the user reads when a turn is not answered by the agent, each with what to do next.</summary>
public static class TurnMessages
{
    public const string StateUnavailable =
        "I can't reach your task right now because a service is unavailable. Please try again in a minute.";

    public const string NoPreviousTask = "There is no earlier task in this chat to switch back to.";

    public const string NotUnderstood = "Sorry, I couldn't process that message. Please try again, or start again from Copilot.";

    public const string NoAnswer = "I have no answer to that. Could you say it another way?";

    public static string Erased(long records) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Done: I erased everything I kept about you ({records} records: your Copilot handoffs and the tasks in our chats). Start again from Copilot any time.");

    /// <summary>The agent could not answer (<see cref="Agents.AgentUnavailableException.Reason"/>), or stopped half-way.</summary>
    public static string AgentFailed(string reason, string reference, bool cutShort)
    {
        var what = reason switch
        {
            Agents.AgentUnavailableException.Timeout => "the assistant took too long to answer",
            Agents.AgentUnavailableException.Busy => "the assistant is busy right now",
            _ => "the assistant ran into a problem",
        };
        var lead = cutShort ? $"That answer was cut short: {what}." : $"Sorry, I couldn't answer that: {what}.";
        return $"{lead} Please send your message again in a minute. If it keeps happening, give support this reference: {reference}.";
    }

    /// <summary>A turn's reference for support: ten characters of its correlation id, as the gateway logs it.</summary>
    public static string Reference(Guid correlationId)
    {
        var id = correlationId.ToString("N").ToUpperInvariant();
        return $"T{id[..5]}-{id[5..10]}";
    }
}

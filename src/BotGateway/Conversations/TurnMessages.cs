using Handoff.BotGateway.Localization;

namespace Handoff.BotGateway.Conversations;

/// <summary>What the user reads when a turn is not answered by the agent, each with what to do next (<see cref="Reply"/>'s texts).</summary>
public static class TurnMessages
{
    /// <summary>The agent could not answer (<see cref="Agents.AgentUnavailableException.Reason"/>), or stopped half-way.</summary>
    public static string AgentFailed(string reason, string reference, bool cutShort, ReplyLanguage language)
    {
        var what = language.Text(reason switch
        {
            Agents.AgentUnavailableException.Timeout => Reply.AgentTimeout,
            Agents.AgentUnavailableException.Busy => Reply.AgentBusy,
            _ => Reply.AgentError,
        });
        var lead = language.Format(cutShort ? Reply.AgentCutShort : Reply.AgentFailed, what);
        return $"{lead} {language.Format(Reply.AgentTryAgain, reference)}";
    }

    /// <summary>A turn's reference for support: ten characters of its correlation id, as the gateway logs it.</summary>
    public static string Reference(Guid correlationId)
    {
        var id = correlationId.ToString("N").ToUpperInvariant();
        return $"T{id[..5]}-{id[5..10]}";
    }
}

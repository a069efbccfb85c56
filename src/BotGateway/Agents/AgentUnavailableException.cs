namespace Handoff.BotGateway.Agents;

/// <summary>
/// The agent could not answer this turn (its model timed out, was busy or failed, after its retries). The gateway tells
/// the user what to do next, with the turn's reference; <paramref name="Reason"/> is a metric tag (<c>timeout</c>, <c>busy</c>, <c>error</c>).
/// </summary>
public sealed class AgentUnavailableException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public const string Timeout = "timeout";
    public const string Busy = "busy";
    public const string Error = "error";

    public string Reason { get; } = reason;
}

using Handoff.Contracts.State;

namespace Handoff.BotGateway.Agents;

/// <summary>
/// One user message for an agent, with what it needs to answer in context: the task handed off from Copilot (the
/// user's request, the task, the app payload, the step reached), null when none is active, and the conversation's
/// recent messages of both sides before this one, oldest first.
/// </summary>
public sealed record AgentTurn(
    string ConversationId,
    string Text,
    ActiveTask? Task,
    IReadOnlyList<ConversationMessage> History,
    string Locale,
    bool IsPersonalChat);

namespace Handoff.BotGateway.Handoff.Initiation;

/// <summary>The message-extension command Copilot calls. The manifest is generated from the same constants.</summary>
public static class HandoffCommands
{
    public const string SearchCommandId = "continueInChat";
    public const string SearchParameterName = "request";
}

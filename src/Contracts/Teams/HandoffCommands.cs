namespace Handoff.Contracts.Teams;

/// <summary>The message-extension command Copilot calls: the gateway handles it and the app manifest declares it, from these constants.</summary>
public static class HandoffCommands
{
    public const string SearchCommandId = "continueInChat";
    public const string SearchParameterName = "request";
}

namespace Handoff.BotGateway.Agents;

/// <summary>A message's text as commands are matched against it: trimmed, without a final full stop or bang, lower case.</summary>
public static class TurnText
{
    public static string Normalize(string? text) => (text ?? "").Trim().TrimEnd('.', '!').ToLowerInvariant();
}

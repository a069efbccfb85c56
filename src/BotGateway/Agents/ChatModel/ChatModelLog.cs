namespace Handoff.BotGateway.Agents.ChatModel;

internal static partial class ChatModelLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat model failed on attempt {Attempt} of {Attempts}; trying again in {BackoffMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, int attempt, int attempts, double backoffMs, string reason);
}

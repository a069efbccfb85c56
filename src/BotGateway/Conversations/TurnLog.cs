namespace Handoff.BotGateway.Conversations;

/// <summary>Conversation turns' log messages, source-generated; never the user's words.</summary>
internal static partial class TurnLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {CorrelationId}: could not read or update conversation state ({Reason})")]
    public static partial void StateFailed(ILogger logger, Guid correlationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {CorrelationId} (ref {Reference}): the agent could not answer ({Reason})")]
    public static partial void AgentFailed(ILogger logger, Exception exception, Guid correlationId, string reference, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {CorrelationId}: answered, but the answer could not be recorded in the history ({Reason})")]
    public static partial void ReplyUnrecorded(ILogger logger, Guid correlationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {CorrelationId}: RabbitMQ did not take it ({Reason}); answering it in this gateway")]
    public static partial void AnsweredWithoutBroker(ILogger logger, Guid correlationId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {CorrelationId}: answering it in this gateway failed ({Reason})")]
    public static partial void BrokerlessFailed(ILogger logger, Guid correlationId, string reason);
}

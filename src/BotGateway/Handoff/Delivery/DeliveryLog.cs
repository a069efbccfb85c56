namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>Delivery's log messages, source-generated; one handoff's ordinary steps are at Debug.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Handoff {CorrelationId}: the user has {DeliveryId} already; not sending it again")]
    public static partial void AlreadySent(ILogger logger, Guid correlationId, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff {CorrelationId}: cannot check whether the user was told already ({Reason}); sending {DeliveryId} now")]
    public static partial void SentUnclaimed(ILogger logger, Guid correlationId, string deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff {CorrelationId}: the claim ran out while sending; a redelivery may send it too")]
    public static partial void LeaseLost(ILogger logger, Guid correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff {CorrelationId}: could not renew the claim ({Reason})")]
    public static partial void RenewFailed(ILogger logger, Guid correlationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sent {DeliveryId}, but could not mark it sent yet ({Reason}); this gateway will not send it again and keeps trying to mark it")]
    public static partial void MarkDeferred(ILogger logger, string deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handoff {CorrelationId} (ref {Reference}): not welcomed, the conversation no longer holds its task (forgotten or replaced)")]
    public static partial void TaskGone(ILogger logger, Guid correlationId, string? reference);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handoff {CorrelationId} (ref {Reference}): {What}")]
    public static partial void Told(ILogger logger, Guid correlationId, string? reference, string what);
}

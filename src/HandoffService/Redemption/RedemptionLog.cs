namespace Handoff.HandoffService.Redemption;

/// <summary>The redemption's log messages, source-generated; one handoff's ordinary steps are at Debug.</summary>
internal static partial class RedemptionLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Handoff {CorrelationId} (ref {Reference}): context restored")]
    public static partial void Redeemed(ILogger logger, Guid correlationId, string? reference);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handoff {CorrelationId} (ref {Reference}): rejected ({Reason})")]
    public static partial void Rejected(ILogger logger, Guid correlationId, string? reference, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff {CorrelationId} (ref {Reference}): conversation state unavailable, retrying: {Reason}")]
    public static partial void StateAway(ILogger logger, Guid correlationId, string? reference, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handoff {CorrelationId} (ref {Reference}): conversation state unavailable after {Retries} retries: {Reason}")]
    public static partial void StateGone(ILogger logger, Guid correlationId, string? reference, int retries, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handoff {CorrelationId} (ref {Reference}): the state service refused the redemption: {Reason}")]
    public static partial void Refused(ILogger logger, Guid correlationId, string? reference, string reason);
}

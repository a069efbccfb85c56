using Handoff.Contracts.Privacy;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// Hot-path log messages, source-generated. Classified parameters are redacted by the logging pipeline
/// (ServiceDefaults' redaction): user identifiers appear as pseudonyms (<c>usr:…</c>), secrets not at all.
/// </summary>
public static partial class HandoffLog
{
    /// <summary>
    /// One line per click, so Debug: at Teams' scale it would be most of the log. Support finds a handoff by its
    /// reference in its journal (the admin API) and in the click's trace, both of which every click writes.
    /// </summary>
    /// <param name="reference">The handoff's reference, which the user may quote to support: not personal, so logged as it is.</param>
    [LoggerMessage(Level = LogLevel.Debug, Message = "Handoff {CorrelationId} (ref {Reference}): requested by {User} of tenant {Tenant}")]
    public static partial void Requested(ILogger logger, Guid correlationId, string reference, [UserIdentifier] string user, [UserIdentifier] string tenant);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handoff {CorrelationId}: continuation {Continuation}")]
    public static partial void Continuation(ILogger logger, Guid correlationId, [SecretData] string continuation);
}

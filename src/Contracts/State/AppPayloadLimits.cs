namespace Handoff.Contracts.State;

/// <summary>The app payload a search result carries into its handoff context (<see cref="HandoffContext.AppPayload"/>).</summary>
public static class AppPayloadLimits
{
    /// <summary>Its UTF-8 JSON at most: a ticket id or an order reference, not a document; the whole context is sealed and kept in Redis.</summary>
    public const int MaxBytes = 4 * 1024;
}

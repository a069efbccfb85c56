using System.Diagnostics;

namespace Handoff.ServiceDefaults.Observability;

/// <summary>Span tags that tie one handoff's traces together: its query, its click, its redemption and its welcome are different requests.</summary>
public static class HandoffSpans
{
    /// <summary>The handoff's reference (not personal data): search traces and logs by it.</summary>
    public const string CorrelationIdTag = "handoff.correlation_id";

    public static void TagCorrelation(string? reference)
    {
        if (reference is not null)
        {
            Activity.Current?.SetTag(CorrelationIdTag, reference);
        }
    }
}

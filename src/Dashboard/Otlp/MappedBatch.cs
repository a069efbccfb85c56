namespace Handoff.Dashboard.Otlp;

/// <summary>What an OTLP batch became: the records to store, and how many items were refused and why (OTLP's partial success).</summary>
internal sealed record MappedBatch<T>(List<T> Records, long Rejected, string? Reason);

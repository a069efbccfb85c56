namespace Handoff.Contracts.Clients;

/// <summary>What one in-cluster request may ask of the handler in front of it (ServiceDefaults' <c>InClusterCallHandler</c>).</summary>
public static class InClusterCallOptions
{
    /// <summary>
    /// This request's own timeout per attempt, in place of the handler's default; the client's whole-call timeout
    /// still bounds it.
    /// </summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("Handoff.InClusterCall.AttemptTimeout");
}

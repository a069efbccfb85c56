namespace Handoff.Hosting.Orchestration;

/// <summary>
/// A value the model needs but does not own, as Aspire's <c>AddParameter</c>: for a local run it comes from
/// configuration (<c>Parameters:{name}</c>) or is generated; when published it becomes a reference to what the
/// operator provides (a Kubernetes Secret key for a secret), never a value.
/// </summary>
public sealed class ParameterResource(string name, bool secret, bool optional, string? value)
{
    public string Name { get; } = name;

    /// <summary>Never written to a published file; only a reference to it is.</summary>
    public bool Secret { get; } = secret;

    /// <summary>The service runs without it (a feature is off or a mode changes), so an orchestrator may leave it out.</summary>
    public bool Optional { get; } = optional;

    /// <summary>The value for a local run; null leaves the variable unset, as it is without a parameter.</summary>
    public string? Value { get; } = value;
}

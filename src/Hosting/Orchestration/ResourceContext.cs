namespace Handoff.Hosting.Orchestration;

/// <summary>What a resource needs from the host while it starts.</summary>
public sealed record ResourceContext(string DataDirectory, string EnvironmentName, Action<string, string> Log);

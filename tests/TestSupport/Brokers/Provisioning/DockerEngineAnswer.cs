namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>What the Docker engine at <paramref name="Endpoint"/> said to <c>GET /_ping</c>, or why nothing did.</summary>
public sealed record DockerEngineAnswer(string Endpoint, bool Answered, string Detail);

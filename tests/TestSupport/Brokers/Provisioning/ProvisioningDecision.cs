namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>Which path was chosen and why; <paramref name="DockerEndpoint"/> is the engine that answered, for containers.</summary>
public sealed record ProvisioningDecision(ProvisioningPath Path, string Reason, string? DockerEndpoint = null)
{
    /// <summary>One line for logs, <c>artifacts/provisioning-path.txt</c> and CI's output.</summary>
    public string Summary => Path switch
    {
        ProvisioningPath.Containers => $"Testcontainers on Docker ({Reason})",
        _ => $"local redis-server/rabbitmq-server processes ({Reason})",
    };
}

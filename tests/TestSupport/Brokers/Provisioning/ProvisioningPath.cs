namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>Where Redis and RabbitMQ come from.</summary>
public enum ProvisioningPath
{
    /// <summary>Debian's redis-server and rabbitmq-server as our child processes.</summary>
    LocalProcesses,

    /// <summary>Testcontainers on a Docker engine.</summary>
    Containers,
}

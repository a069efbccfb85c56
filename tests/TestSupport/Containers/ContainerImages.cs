namespace Handoff.TestSupport.Containers;

/// <summary>Pinned images, so a run with containers and a run with local processes test the same server lines.</summary>
public static class ContainerImages
{
    /// <summary>Debian 12's redis-server is 7.0 too.</summary>
    public const string Redis = "redis:7.0-alpine";

    /// <summary>The last 3.x line: Debian 12 ships 3.10, which has no maintained image.</summary>
    public const string RabbitMq = "rabbitmq:3.13-alpine";
}

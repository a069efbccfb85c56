namespace Handoff.EndToEnd.Tests;

/// <summary>
/// The suite runs as two streams side by side (xunit.runner.json: two collections at a time), so that CI stays within
/// its 20 minutes on two cores: one stream for the tests that put a system under load and kill parts of it, one for
/// everything else. Within a stream tests run one at a time, so two load tests never starve each other, and the tests
/// sharing <see cref="HandoffSystemFixture"/> never see each other's traffic. The broker tests that kill a node (Redis
/// Sentinel, RabbitMQ cluster) are split between the two so that both take about as long: on a fast machine 426 s and
/// 319 s before, when both were in the behaviour stream and the admin test started a system of its own.
/// </summary>
public static class TestStreams
{
    public const string UnderLoad = "under load and failover";

    public const string Behaviour = "behaviour";
}

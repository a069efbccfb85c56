namespace Handoff.EndToEnd.Tests;

/// <summary>
/// The suite runs as two streams side by side (xunit.runner.json: two collections at a time), so that CI stays within
/// its 20 minutes on two cores. Within a stream tests run one at a time, so two load tests never starve each other, and
/// the tests sharing <see cref="HandoffSystemFixture"/> never see each other's traffic. <see cref="UnderLoad"/> holds
/// the tests that put a system under load and kill parts of it, and the RabbitMQ cluster's node kill;
/// <see cref="Behaviour"/> everything else, the Redis Sentinel node kill included: the two broker tests are split so
/// that both streams take about as long (on a fast machine, behaviour 426 s and under load 319 s when both were in
/// behaviour and the admin test started a system of its own).
/// </summary>
public static class TestStreams
{
    public const string UnderLoad = "under load and failover";

    public const string Behaviour = "behaviour";
}

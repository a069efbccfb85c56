namespace Handoff.EndToEnd.Tests;

/// <summary>
/// The suite runs as two streams side by side (xunit.runner.json: two collections at a time), so that CI stays within
/// its 20 minutes on two cores: one stream for the tests that put a system under load and kill parts of it, one for
/// everything else. Within a stream tests run one at a time, so two load tests never starve each other, and the tests
/// sharing <see cref="HandoffSystemFixture"/> never see each other's traffic. Side by side they took 10.4 minutes in CI (18.6 one at a time).
/// </summary>
public static class TestStreams
{
    public const string UnderLoad = "under load and failover";

    public const string Behaviour = "behaviour";
}

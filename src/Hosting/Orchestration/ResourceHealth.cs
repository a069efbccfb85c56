namespace Handoff.Hosting.Orchestration;

public enum ResourceHealth
{
    Unknown,
    Healthy,
    Unhealthy,
}

namespace Handoff.Hosting.Orchestration;

/// <summary>
/// How long to wait before restarting a resource that crashed: doubling from <see cref="FirstDelay"/> up to
/// <see cref="MaxDelay"/>, reset once it has stayed up for <see cref="StableAfter"/>.
/// </summary>
public sealed record RestartPolicy(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan StableAfter)
{
    public static RestartPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    public TimeSpan DelayAfter(int consecutiveCrashes)
    {
        var factor = Math.Pow(2, Math.Clamp(consecutiveCrashes - 1, 0, 16));
        return TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, (long)(FirstDelay.Ticks * factor)));
    }
}

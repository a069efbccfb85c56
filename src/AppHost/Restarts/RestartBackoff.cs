namespace Handoff.AppHost.Restarts;

/// <summary>
/// How long to wait before restarting a crashed resource: 1 s, doubling up to 30 s for a resource that keeps
/// crashing; one that ran for a minute before it crashed starts again from 1 s.
/// </summary>
public static class RestartBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    /// <param name="consecutiveCrashes">Crashes since it last ran for <see cref="StableAfter"/>, this one included (1 or more).</param>
    public static TimeSpan Delay(int consecutiveCrashes) =>
        TimeSpan.FromSeconds(Math.Min(Longest.TotalSeconds, First.TotalSeconds * Math.Pow(2, Math.Min(consecutiveCrashes - 1, 10))));
}

using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Restarts;

namespace Handoff.AppHost.Tests;

/// <summary>What DCP's state changes mean for a restart: a crash is an end nobody asked for.</summary>
public sealed class CrashWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_process_that_exits_while_running_is_a_crash_restarted_after_one_second()
    {
        var watch = Running();

        Assert.Equal(TimeSpan.FromSeconds(1), watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(5)));
    }

    [Fact]
    public void A_stop_from_the_dashboard_goes_through_stopping_and_is_not_a_crash()
    {
        var watch = Running();

        Assert.Null(watch.Observe(KnownResourceStates.Stopping, Start.AddSeconds(5)));
        Assert.Null(watch.Observe(KnownResourceStates.Finished, Start.AddSeconds(6)));
    }

    [Fact]
    public void A_resource_that_keeps_crashing_waits_longer_each_time_up_to_thirty_seconds()
    {
        var watch = Running();
        var delays = new List<TimeSpan?>();
        for (var crash = 0; crash < 7; crash++)
        {
            delays.Add(watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(crash * 10 + 5)));
            watch.Observe(KnownResourceStates.Starting, Start.AddSeconds(crash * 10 + 6));
            watch.Observe(KnownResourceStates.Running, Start.AddSeconds(crash * 10 + 7));
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays.Select(delay => delay!.Value.TotalSeconds));
    }

    [Fact]
    public void A_resource_that_ran_for_a_minute_before_crashing_starts_again_from_one_second()
    {
        var watch = Running();
        watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(1));
        watch.Observe(KnownResourceStates.Running, Start.AddSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(2), watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(10)));
        watch.Observe(KnownResourceStates.Running, Start.AddSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(1), watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(12 + 61)));
    }

    [Fact]
    public void A_start_that_fails_is_retried_and_a_resource_that_never_ran_is_left_alone()
    {
        var watch = Running();
        watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(1));
        watch.Observe(KnownResourceStates.Starting, Start.AddSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), watch.Observe(KnownResourceStates.FailedToStart, Start.AddSeconds(3)));

        var waiting = new CrashWatch();
        Assert.Null(waiting.Observe(KnownResourceStates.Waiting, Start));
        Assert.Null(waiting.Observe(KnownResourceStates.Finished, Start.AddSeconds(1)));
    }

    [Fact]
    public void The_same_state_reported_twice_is_one_change()
    {
        var watch = Running();

        Assert.NotNull(watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(1)));
        Assert.Null(watch.Observe(KnownResourceStates.Exited, Start.AddSeconds(2)));
    }

    private static CrashWatch Running()
    {
        var watch = new CrashWatch();
        watch.Observe(KnownResourceStates.Starting, Start);
        watch.Observe(KnownResourceStates.Running, Start);
        return watch;
    }
}

using Handoff.Hosting.Orchestration;
using Handoff.Hosting.Processes;
using Handoff.TestSupport;

namespace Handoff.Hosting.Tests;

/// <summary>The AppHost restarts what crashed (with backoff) and what the dashboard's restart button asks for.</summary>
public sealed class ResourceRestartTests
{
    [Fact]
    public async Task A_redis_killed_with_sigkill_is_restarted_and_serves_again()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = DistributedApplicationBuilder.Create(["--data-dir", TestDirectories.Create("restart")]);
        var redis = builder.AddRedis("redis").Resource;
        redis.RestartPolicy = new RestartPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        await using var application = builder.Build();
        await application.StartAsync(cancellation);
        var firstPid = redis.Pid!.Value;

        PosixSignals.SignalGroup(firstPid, PosixSignals.SigKill);
        await WaitUntilAsync(() => redis.State == ResourceState.Running && redis.Pid != firstPid, cancellation);

        Assert.Equal(1, redis.RestartCount);
        Assert.Equal(ResourceHealth.Healthy, await redis.CheckHealthAsync(cancellation));
        Assert.Contains(redis.ConsoleLog.Snapshot(), line => line.Text.Contains("exited unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restarting_on_demand_replaces_the_process_and_counts_it()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = DistributedApplicationBuilder.Create(["--data-dir", TestDirectories.Create("restart")]);
        var redis = builder.AddRedis("redis").Resource;
        await using var application = builder.Build();
        await application.StartAsync(cancellation);
        var firstPid = redis.Pid!.Value;

        await redis.RestartAsync();

        Assert.NotEqual(firstPid, redis.Pid);
        Assert.False(PosixSignals.GroupExists(firstPid));
        Assert.Equal(ResourceState.Running, redis.State);
        Assert.Equal(1, redis.RestartCount);
    }

    [Fact]
    public async Task A_stopped_application_does_not_restart_what_it_stopped()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = DistributedApplicationBuilder.Create(["--data-dir", TestDirectories.Create("restart")]);
        var redis = builder.AddRedis("redis").Resource;
        redis.RestartPolicy = new RestartPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        var application = builder.Build();
        await application.StartAsync(cancellation);
        var pid = redis.Pid!.Value;

        await application.StopAsync();
        await Task.Delay(300, cancellation);

        Assert.Equal(ResourceState.Stopped, redis.State);
        Assert.Equal(0, redis.RestartCount);
        Assert.False(PosixSignals.GroupExists(pid));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(10, 30)]
    public void Backoff_doubles_up_to_its_ceiling(int crashes, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RestartPolicy.Default.DelayAfter(crashes));

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50, cancellationToken);
        }
    }
}

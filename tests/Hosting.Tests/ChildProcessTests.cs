using Handoff.Hosting.Processes;

namespace Handoff.Hosting.Tests;

public sealed class ChildProcessTests
{
    [Fact]
    public async Task Stopping_a_child_stops_everything_it_started()
    {
        var child = ChildProcess.Start(new ChildProcessSpec("sh", ["-c", "sleep 300 & sleep 300 & wait"], new Dictionary<string, string>()), _ => { });
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.True(PosixSignals.GroupExists(child.Pid));

        await child.StopAsync(TimeSpan.FromSeconds(5));

        Assert.True(child.HasExited);
        Assert.False(PosixSignals.GroupExists(child.Pid));
    }

    [Fact]
    public async Task A_child_that_ignores_sigterm_is_killed_after_the_grace_period()
    {
        var child = ChildProcess.Start(new ChildProcessSpec("sh", ["-c", "trap '' TERM; while true; do sleep 0.1; done"], new Dictionary<string, string>()), _ => { });
        await Task.Delay(200, TestContext.Current.CancellationToken);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await child.StopAsync(TimeSpan.FromSeconds(1));

        Assert.False(PosixSignals.GroupExists(child.Pid));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Output_and_environment_reach_the_child()
    {
        var lines = new List<string>();
        var child = ChildProcess.Start(new ChildProcessSpec("sh", ["-c", "echo out:$GREETING; echo err >&2"],
            new Dictionary<string, string> { ["GREETING"] = "hello" }), line => { lock (lines) { lines.Add(line); } });

        Assert.Equal(0, await child.Exited.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        lock (lines)
        {
            Assert.Contains("out:hello", lines);
            Assert.Contains("err", lines);
        }
    }
}

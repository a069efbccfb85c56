using Handoff.ServiceDefaults.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.ServiceDefaults.Tests;

/// <summary><see cref="ParentProcessWatch"/> on a fake clock, with a parent that dies when the test says so.</summary>
public sealed class ParentProcessWatchTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Lifetime _lifetime = new();
    private readonly List<int> _exits = [];
    private int _parent = 100;
    private int _reads;

    [Fact]
    public async Task The_application_runs_on_while_the_parent_lives()
    {
        using var watch = await StartAsync();

        await TickAsync(times: 10);

        Assert.False(_lifetime.StopRequested);
    }

    [Fact]
    public async Task The_application_is_stopped_at_the_first_check_after_the_parent_dies()
    {
        using var watch = await StartAsync();
        await TickAsync(times: 3);

        _parent = 1;
        await TickAsync(times: 1);

        await StoppedAsync();
        Assert.Empty(_exits);
    }

    [Fact]
    public async Task A_stop_that_has_not_ended_the_host_5_s_later_exits_with_1()
    {
        using var watch = await StartAsync();
        _parent = 1;
        await TickAsync(times: 1);
        await StoppedAsync();

        _time.Advance(ParentProcessWatch.ExitGrace - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_exits);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([1], _exits);
    }

    [Fact]
    public async Task A_host_that_stopped_in_time_is_not_exited()
    {
        using var watch = await StartAsync();
        _parent = 1;
        await TickAsync(times: 1);
        await StoppedAsync();

        _lifetime.Stopped();
        _time.Advance(ParentProcessWatch.ExitGrace);

        Assert.Empty(_exits);
    }

    private async Task<ParentProcessWatch> StartAsync()
    {
        var watch = new ParentProcessWatch(_parent, _lifetime, _time, NullLogger<ParentProcessWatch>.Instance,
            () =>
            {
                Interlocked.Increment(ref _reads);
                return _parent;
            },
            _exits.Add);
        await watch.StartAsync(TestContext.Current.CancellationToken);
        return watch;
    }

    /// <summary>
    /// Moves the clock an interval at a time until the watch has looked at its parent <paramref name="times"/> more
    /// times. It may not have made its timer yet when a tick is given (ExecuteAsync runs on the thread pool), so a
    /// tick that finds no reader is given again.
    /// </summary>
    private async Task TickAsync(int times)
    {
        var expected = Volatile.Read(ref _reads) + times;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Volatile.Read(ref _reads) < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The watch read its parent {_reads} times in 5 s, not {expected}.");
            var before = Volatile.Read(ref _reads);
            _time.Advance(ParentProcessWatch.Interval);
            for (var wait = 0; wait < 20 && Volatile.Read(ref _reads) == before; wait++)
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }
        }

        // The read returns before the watch acts on it: let it finish the turn.
        await Task.Delay(20, TestContext.Current.CancellationToken);
    }

    private async Task StoppedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!_lifetime.StopRequested)
        {
            Assert.True(DateTime.UtcNow < deadline, "The watch did not stop the application within 5 s.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();
        private readonly CancellationTokenSource _stopped = new();

        public bool StopRequested => _stopping.IsCancellationRequested;

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => _stopped.Token;

        public void StopApplication() => _stopping.Cancel();

        public void Stopped() => _stopped.Cancel();
    }
}

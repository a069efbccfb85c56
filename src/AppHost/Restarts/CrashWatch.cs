using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Restarts;

/// <summary>
/// What one resource instance's states say, one update at a time. DCP leaves a crashed process stopped; a crash is an
/// end that nobody asked for: the process went from running to exited or finished without the Stopping state a stop
/// (from the dashboard, a command, the AppHost's shutdown) goes through first. A start that fails is retried too.
/// </summary>
public sealed class CrashWatch
{
    private string? _state;
    private DateTimeOffset? _runningSince;
    private bool _stopRequested;

    public int Restarts { get; private set; }

    public int ConsecutiveCrashes { get; private set; }

    /// <summary>Reads the next state; returns the delay before a restart when this update is a crash, else null.</summary>
    public TimeSpan? Observe(string? state, DateTimeOffset now)
    {
        var previous = _state;
        _state = state;
        if (state == previous)
        {
            return null;
        }

        if (state == KnownResourceStates.Stopping)
        {
            _stopRequested = true;
            return null;
        }

        if (state == KnownResourceStates.Running || state == KnownResourceStates.Starting)
        {
            if (state == KnownResourceStates.Running)
            {
                _runningSince = now;
            }

            _stopRequested = false;
            return null;
        }

        var ended = state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart;
        var wasUp = previous == KnownResourceStates.Running || previous == KnownResourceStates.Starting;
        if (!ended || !wasUp || _stopRequested)
        {
            return null;
        }

        if (_runningSince is { } since && now - since >= RestartBackoff.StableAfter)
        {
            ConsecutiveCrashes = 0;
        }

        ConsecutiveCrashes++;
        _runningSince = null;
        return RestartBackoff.Delay(ConsecutiveCrashes);
    }

    public void Restarted() => Restarts++;
}

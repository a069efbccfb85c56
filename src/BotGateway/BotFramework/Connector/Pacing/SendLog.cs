namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>
/// The times (Unix ms) of one tenant's or one conversation's sends, past and reserved, in the order they were
/// reserved, which is also time order: a slot is never reserved before the last one. That makes every window a
/// single look-up: the n-th latest send must have left it. <c>RedisSendSchedule</c>'s script does the same in Lua.
/// </summary>
public sealed class SendLog
{
    private readonly List<long> _times = [];

    public long? Last => _times.Count == 0 ? null : _times[^1];

    public int Count => _times.Count;

    /// <summary>The first time at or after <paramref name="from"/> when one more send fits in <paramref name="window"/>.</summary>
    public long EarliestSlot(SendWindow window, long from)
    {
        if (_times.Count < window.Sends)
        {
            return from;
        }

        // A send at t counts in the window ending at t while it is later than t - width.
        return Math.Max(from, _times[^window.Sends] + (long)window.Width.TotalMilliseconds);
    }

    public void Add(long at) => _times.Add(at);

    /// <summary>Drops the sends before <paramref name="before"/>, which no window reaches any more.</summary>
    public void Forget(long before)
    {
        var stale = 0;
        while (stale < _times.Count && _times[stale] < before)
        {
            stale++;
        }

        _times.RemoveRange(0, stale);
    }
}

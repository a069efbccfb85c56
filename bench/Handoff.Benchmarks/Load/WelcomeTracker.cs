using System.Collections.Concurrent;
using Handoff.Benchmarks.Measurement;
using Handoff.Benchmarks.SystemUnderTest;

namespace Handoff.Benchmarks.Load;

/// <summary>Matches each welcome the connector completes to the click that asked for it: click→welcome latency, from the click's intended time.</summary>
public sealed class WelcomeTracker
{
    private readonly ConcurrentDictionary<string, long> _expected = new();
    private WelcomePhase _phase = new();

    public WelcomeTracker(FastConnector connector) => connector.Welcomed += OnWelcomed;

    public int Outstanding => _expected.Count;

    public WelcomePhase BeginPhase()
    {
        _expected.Clear();
        _phase = new WelcomePhase();
        return _phase;
    }

    public void Expect(string conversationId, long intendedTimestamp) => _expected[conversationId] = intendedTimestamp;

    /// <summary>A click that failed will get no welcome.</summary>
    public void Forget(string conversationId) => _expected.TryRemove(conversationId, out _);

    /// <summary>Waits until every expected welcome came, or none came for <paramref name="idle"/>.</summary>
    public async Task DrainAsync(TimeSpan idle)
    {
        var last = _phase.Latency.Count;
        var quietSince = DateTime.UtcNow;
        while (!_expected.IsEmpty && DateTime.UtcNow - quietSince < idle)
        {
            await Task.Delay(50);
            if (_phase.Latency.Count != last)
            {
                last = _phase.Latency.Count;
                quietSince = DateTime.UtcNow;
            }
        }
    }

    private void OnWelcomed(string conversationId, long timestamp)
    {
        if (_expected.TryRemove(conversationId, out var intended))
        {
            var phase = _phase;
            phase.Latency.RecordElapsed(intended, timestamp);
            phase.Add(timestamp);
        }
    }
}

public sealed class WelcomePhase
{
    private readonly List<long> _timestamps = [];

    public LatencyHistogram Latency { get; } = new();

    public void Add(long timestamp)
    {
        lock (_timestamps)
        {
            _timestamps.Add(timestamp);
        }
    }

    public int CountBetween(long from, long to)
    {
        lock (_timestamps)
        {
            return _timestamps.Count(timestamp => timestamp >= from && timestamp <= to);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace Handoff.ServiceDefaults.Tests;

/// <summary>Every delivery a test's consumer saw, with when it saw it (on the test's own clock).</summary>
public sealed class ConsumedMessages
{
    private readonly ConcurrentQueue<(int Sequence, TimeSpan At)> _deliveries = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<(int Sequence, TimeSpan At)> Deliveries => [.. _deliveries];

    public void Add(int sequence) => _deliveries.Enqueue((sequence, _clock.Elapsed));

    public bool Contains(int sequence) => _deliveries.Any(delivery => delivery.Sequence == sequence);
}

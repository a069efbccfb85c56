using System.Diagnostics;

namespace Handoff.Benchmarks.Measurement;

/// <summary>
/// An HdrHistogram-like recorder: log-linear buckets (64 linear sub-buckets per power of two, so under
/// 1.6 % error) over microseconds from 1 µs to days. Recording is one interlocked increment,
/// safe from any thread, and allocates nothing.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Magnitudes = 32;

    private readonly long[] _counts = new long[(Magnitudes + 1) * SubBuckets];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public double MaxMilliseconds => Interlocked.Read(ref _maxMicros) / 1000.0;

    public double MeanMilliseconds => Count == 0 ? 0 : Interlocked.Read(ref _sumMicros) / 1000.0 / Count;

    public void RecordElapsed(long startTimestamp, long endTimestamp) =>
        Record(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp));

    public void Record(TimeSpan latency) => RecordMicros(latency.Ticks / (TimeSpan.TicksPerMillisecond / 1000));

    public void RecordMicros(long micros)
    {
        micros = Math.Max(micros, 0);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, micros);
        long max;
        while (micros > (max = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, max) != max)
        {
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100), in milliseconds: the upper edge of its bucket, as HdrHistogram reports.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var index = 0; index < _counts.Length; index++)
        {
            seen += Interlocked.Read(ref _counts[index]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdgeMicros(index), Interlocked.Read(ref _maxMicros)) / 1000.0;
            }
        }

        return MaxMilliseconds;
    }

    public LatencySummary Summarise() => new(Count, PercentileMilliseconds(50), PercentileMilliseconds(90),
        PercentileMilliseconds(99), PercentileMilliseconds(99.9), MaxMilliseconds, MeanMilliseconds);

    private static int IndexOf(long micros)
    {
        if (micros < SubBuckets)
        {
            return (int)micros;
        }

        // Magnitude m ≥ 1 covers [64·2^(m-1), 64·2^m) in 64 steps of 2^(m-1).
        var magnitude = 64 - long.LeadingZeroCount(micros) - SubBucketBits;
        magnitude = Math.Min(magnitude, Magnitudes);
        var sub = (int)(micros >> (int)(magnitude - 1)) - SubBuckets;
        return (int)(magnitude * SubBuckets) + Math.Clamp(sub, 0, SubBuckets - 1);
    }

    private static long UpperEdgeMicros(int index)
    {
        var magnitude = index / SubBuckets;
        var sub = index % SubBuckets;
        return magnitude == 0 ? sub : ((long)(SubBuckets + sub + 1) << (magnitude - 1)) - 1;
    }
}

public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max, double Mean);

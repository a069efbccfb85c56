using System.Diagnostics;
using Handoff.Benchmarks.Measurement;

namespace Handoff.Benchmarks.Load;

/// <summary>N workers, each sending its next request as soon as the previous one is answered: the most the system serves.</summary>
public static class ClosedLoop
{
    /// <param name="operation">One request; returns false when it failed. Its latency is recorded either way.</param>
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, Func<CancellationToken, Task<bool>> operation, CancellationToken cancellationToken)
    {
        var latency = new LatencyHistogram();
        long ok = 0, failed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                bool success;
                try
                {
                    success = await operation(cancellationToken);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    success = false;
                }

                latency.RecordElapsed(start, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref success ? ref ok : ref failed);
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers);
        return new LoadResult(ok, failed, clock.Elapsed, latency);
    }
}

public sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, LatencyHistogram Latency)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
}

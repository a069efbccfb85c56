using System.Diagnostics;
using Handoff.Benchmarks.Measurement;

namespace Handoff.Benchmarks.Load;

/// <summary>
/// Requests at a fixed rate whatever the system does, as Teams users click: a slow answer does not slow
/// the next click down. Each latency is measured from the request's <em>intended</em> send time, so a
/// stall is charged to every request it delayed (coordinated omission corrected, as wrk2 does).
/// </summary>
public static class OpenLoop
{
    /// <param name="send">Sends request number i, intended at a Stopwatch timestamp; returns false when it failed.</param>
    public static async Task<OpenLoopResult> RunAsync(double ratePerSecond, TimeSpan duration, Func<long, long, Task<bool>> send,
        CancellationToken cancellationToken)
    {
        var total = (long)(ratePerSecond * duration.TotalSeconds);
        var latency = new LatencyHistogram();
        var uncorrected = new LatencyHistogram();
        var lag = new LatencyHistogram();
        long ok = 0, failed = 0;
        var sends = new List<Task>((int)Math.Min(total, int.MaxValue));
        var interval = Stopwatch.Frequency / ratePerSecond;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;

        // A thread of its own paces the sends; the thread pool may be busy with the answers.
        var pacer = new Thread(() =>
        {
            for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
            {
                var intended = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < intended)
                {
                    // Linux sleeps about 1.1 ms: a send may leave up to that late, and that lateness counts against the system.
                    Thread.Sleep(1);
                }

                // Sent from this thread up to its first wait (the request is on the wire by then), so that a busy
                // thread pool delays only the answers, which is the system's time, not the sends.
                sends.Add(SendOneAsync(i, intended));
            }
        }) { IsBackground = true, Name = "open-loop pacer", Priority = ThreadPriority.AboveNormal };
        async Task SendOneAsync(long n, long intended)
        {
            var sent = Stopwatch.GetTimestamp();
            lag.RecordElapsed(intended, sent);
            bool success;
            try
            {
                success = await send(n, intended);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                success = false;
            }

            var done = Stopwatch.GetTimestamp();
            latency.RecordElapsed(intended, done);
            uncorrected.RecordElapsed(sent, done);
            Interlocked.Increment(ref success ? ref ok : ref failed);
        }

        var clock = Stopwatch.StartNew();
        pacer.Start();
        await Task.Run(pacer.Join, CancellationToken.None);
        var paced = clock.Elapsed;
        await Task.WhenAll(sends);
        cancellationToken.ThrowIfCancellationRequested();
        return new OpenLoopResult(ratePerSecond, total, ok, failed, paced, latency, uncorrected, lag);
    }
}

/// <param name="Latency">From intended send time to answer (the figure to read).</param>
/// <param name="Uncorrected">From actual send time to answer (what a naive tool would report).</param>
/// <param name="SendLag">How late the generator itself sent: large values mean the load machine, not the system, was behind.</param>
public sealed record OpenLoopResult(double TargetRate, long Sent, long Succeeded, long Failed, TimeSpan Paced,
    LatencyHistogram Latency, LatencyHistogram Uncorrected, LatencyHistogram SendLag)
{
    public double AchievedRate => Sent / Paced.TotalSeconds;
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Handoff.ConversationState.Tests;

/// <summary>What a failover test's workers did and when, and the figures an SRE reads from it.</summary>
internal sealed class OperationLog<TResult>(Stopwatch clock)
    where TResult : class
{
    private readonly ConcurrentQueue<Operation> _operations = new();

    public TimeSpan Now => clock.Elapsed;

    public IEnumerable<Operation> Failures => _operations.Where(operation => !operation.Ok);

    public IEnumerable<TResult> Successes => _operations.Where(operation => operation.Ok).Select(operation => operation.Result!);

    public void Succeeded(TimeSpan started, TResult result) => _operations.Enqueue(new Operation(started, clock.Elapsed, true, result, HttpStatusCode.OK));

    public void Failed(TimeSpan started, HttpStatusCode status) => _operations.Enqueue(new Operation(started, clock.Elapsed, false, null, status));

    /// <summary>Some operation started after the kill succeeded, and none has failed for <paramref name="steady"/> since.</summary>
    public bool SucceededSteadilySince(TimeSpan killedAt, TimeSpan steady) =>
        FirstSuccessAfter(killedAt) is { } first
        && clock.Elapsed - (LastFailureEnd() ?? first.Ended) >= steady;

    /// <param name="steadyAt">When the operations were found steady, if they were.</param>
    public string Report(TimeSpan killedAt, int oldPrimary, int newPrimary, TimeSpan? steadyAt)
    {
        var failures = Failures.ToList();
        var late = steadyAt is { } at ? failures.Count(failure => failure.Ended > at) : 0;
        var firstFailure = failures.Count > 0 ? failures.Min(failure => failure.Ended) : (TimeSpan?)null;
        var recovered = FirstSuccessAfter(killedAt)?.Ended;
        return $"""
            Redis failover (primary 127.0.0.1:{oldPrimary} killed with SIGKILL; sentinels promoted 127.0.0.1:{newPrimary})
            topology: 1 primary, 2 replicas, 3 sentinels (quorum 2, down-after 1000 ms, failover-timeout 3000 ms); State:ReplicaAcks 1
            operations (mint + redeem through the HTTP API): {_operations.Count(operation => operation.Ok)} succeeded, {failures.Count} failed (all 503)
            first failure: {Seconds(firstFailure - killedAt)} after the kill
            writes failed for: {Seconds(LastFailureEnd() - firstFailure)} (first to last failure)
            new primary serving: {Seconds(recovered - killedAt)} after the kill (first operation started after it to succeed)
            steady: {(steadyAt is { } found ? $"{Seconds(found - killedAt)} after the kill; {late} failed after that, still in flight then" : "never")}
            failure windows (failures less than 0.5 s apart): {string.Join(", ", Windows(failures).Select(window => $"{Seconds(window.From - killedAt)}–{Seconds(window.To - killedAt)} ({window.Count})"))}

            """;
    }

    private static IEnumerable<(TimeSpan From, TimeSpan To, int Count)> Windows(IEnumerable<Operation> failures)
    {
        (TimeSpan From, TimeSpan To, int Count)? window = null;
        foreach (var ended in failures.Select(failure => failure.Ended).Order())
        {
            if (window is { } open && ended - open.To < TimeSpan.FromSeconds(0.5))
            {
                window = (open.From, ended, open.Count + 1);
                continue;
            }

            if (window is { } closed)
            {
                yield return closed;
            }

            window = (ended, ended, 1);
        }

        if (window is { } last)
        {
            yield return last;
        }
    }

    private Operation? FirstSuccessAfter(TimeSpan killedAt) =>
        _operations.Where(operation => operation.Ok && operation.Started > killedAt).OrderBy(operation => operation.Ended).FirstOrDefault();

    private TimeSpan? LastFailureEnd() => Failures.Select(failure => (TimeSpan?)failure.Ended).Max();

    private static string Seconds(TimeSpan? span) => span is { } value ? $"{value.TotalSeconds:F2} s" : "n/a";

    internal sealed record Operation(TimeSpan Started, TimeSpan Ended, bool Ok, TResult? Result, HttpStatusCode Status);
}

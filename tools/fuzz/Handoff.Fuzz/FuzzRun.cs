using System.Collections.Concurrent;
using System.Diagnostics;

namespace Handoff.Fuzz;

public sealed record FuzzSettings(
    int Requests = 3_000,
    int Seed = 1,
    int Concurrency = 8,
    int SlowLorisConnections = 4,
    int MaxBodyBytes = 256 * 1024,
    string? FindingsDirectory = null,
    int MaxSavedFindings = 50);

/// <summary>What a run saw: statuses by count, by mutation kind, the findings, the slow clients.</summary>
public sealed class FuzzSummary
{
    public ConcurrentDictionary<string, int> ByStatus { get; } = new();

    /// <summary>Mutation kind (the part before ':') → status → count.</summary>
    public ConcurrentDictionary<(string Kind, string Status), int> ByKind { get; } = new();

    public ConcurrentQueue<(long Index, FuzzCase Case, Outcome Outcome)> Findings { get; } = new();

    public IReadOnlyList<SlowLoris.Result> SlowClients { get; set; } = [];

    public int Sent { get; set; }

    public TimeSpan Duration { get; set; }

    public List<double> LatenciesMs { get; } = [];

    public double Percentile(double p)
    {
        lock (LatenciesMs)
        {
            if (LatenciesMs.Count == 0)
            {
                return 0;
            }

            var sorted = LatenciesMs.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
        }
    }

    /// <summary>A 5xx other than 501 (Not Implemented: an invoke this bot does not handle), or no answer to a well-framed request.</summary>
    public static bool IsFailure(FuzzCase fuzzCase, Outcome outcome) =>
        outcome.Status is >= 500 and not 501
        || (outcome.Status == 0 && fuzzCase.Framing == Framing.Normal);

    /// <summary>Slow clients the server did not cut off before the fuzzer gave up on them.</summary>
    public IEnumerable<SlowLoris.Result> SlowClientsNotCutOff => SlowClients.Where(client => !client.ClosedByServer);
}

/// <summary>
/// Sends <see cref="FuzzSettings.Requests"/> mutated activities with <see cref="FuzzSettings.Concurrency"/>
/// workers while slow clients dribble. Case <c>i</c> comes from <c>Random(mix(seed, i))</c>, so the same
/// seed sends the same bytes in any order and on any number of workers.
/// </summary>
public sealed class FuzzRun(FuzzSettings settings, Uri endpoint, Uri serviceUrl, SeedCorpus corpus)
{
    public event Action<long, FuzzSummary>? Progress;

    public static Random RandomFor(int seed, long index)
    {
        // SplitMix64: nearby (seed, index) pairs give unrelated streams; HashCode.Combine is randomised per process.
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)(z ^ (z >> 31)));
    }

    public FuzzCase CaseAt(long index) => new ActivityMutator(corpus, settings.MaxBodyBytes).Next(RandomFor(settings.Seed, index));

    public async Task<FuzzSummary> RunAsync(CancellationToken cancellationToken)
    {
        var summary = new FuzzSummary();
        using var sender = new Sender(endpoint, serviceUrl, settings.Concurrency);
        var mutator = new ActivityMutator(corpus, settings.MaxBodyBytes);
        var clock = Stopwatch.StartNew();
        var slowClients = settings.SlowLorisConnections > 0
            ? SlowLoris.RunAsync(endpoint, settings.SlowLorisConnections, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(75), cancellationToken)
            : Task.FromResult(Array.Empty<SlowLoris.Result>());
        var saved = 0;
        long next = -1;
        var workers = Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(async () =>
        {
            long index;
            while ((index = Interlocked.Increment(ref next)) < settings.Requests)
            {
                var fuzzCase = mutator.Next(RandomFor(settings.Seed, index));
                var outcome = await sender.SendAsync(fuzzCase, cancellationToken);
                Record(summary, fuzzCase, outcome);
                if (FuzzSummary.IsFailure(fuzzCase, outcome))
                {
                    summary.Findings.Enqueue((index, fuzzCase, outcome));
                    if (settings.FindingsDirectory is { } directory && Interlocked.Increment(ref saved) <= settings.MaxSavedFindings)
                    {
                        Directory.CreateDirectory(directory);
                        fuzzCase.WithPlaceholder(serviceUrl).Save(Path.Combine(directory, $"seed{settings.Seed}-case{index}-{outcome.Label.Replace(':', '-')}.case.json"));
                    }
                }

                if (index > 0 && index % 10_000 == 0)
                {
                    Progress?.Invoke(index, summary);
                }
            }
        }, cancellationToken)).ToList();

        await Task.WhenAll(workers);
        summary.Sent = settings.Requests;
        summary.Duration = clock.Elapsed;
        summary.SlowClients = await slowClients;
        return summary;
    }

    private static void Record(FuzzSummary summary, FuzzCase fuzzCase, Outcome outcome)
    {
        summary.ByStatus.AddOrUpdate(outcome.Label, 1, (_, n) => n + 1);
        foreach (var kind in fuzzCase.Mutations.Select(m => m.Split(':')[0]).DefaultIfEmpty("none").Distinct())
        {
            summary.ByKind.AddOrUpdate((kind, outcome.Label), 1, (_, n) => n + 1);
        }

        lock (summary.LatenciesMs)
        {
            summary.LatenciesMs.Add(outcome.Elapsed.TotalMilliseconds);
        }
    }
}

using System.Collections.Concurrent;
using System.Net;

namespace Handoff.Benchmarks.Load;

/// <summary>Continuation tokens minted by real Copilot queries, waiting to be clicked.</summary>
public sealed class TokenPool(TeamsTraffic traffic)
{
    private readonly ConcurrentQueue<MintedToken> _tokens = new();
    private long _starved;

    public int Count => _tokens.Count;

    /// <summary>Clicks that found no token left (the phase then sent fewer clicks than it meant to).</summary>
    public long Starved => Interlocked.Read(ref _starved);

    public void Add(QueryResult result)
    {
        foreach (var token in result.Tokens)
        {
            _tokens.Enqueue(new MintedToken(result.User, token));
        }
    }

    public bool TryTake(out MintedToken token)
    {
        if (_tokens.TryDequeue(out token!))
        {
            return true;
        }

        Interlocked.Increment(ref _starved);
        return false;
    }

    /// <summary>Queries until at least <paramref name="count"/> tokens wait.</summary>
    public async Task FillAsync(int count, int concurrency, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var failures = 0;
            while (_tokens.Count < count)
            {
                var result = await traffic.QueryAsync(cancellationToken);
                // 200 without cards is a refusal in the user's words (a storage cap): as much a failure to mint as a 503.
                if ((result.Status != HttpStatusCode.OK || result.Tokens.Count == 0) && ++failures > 100)
                {
                    throw new InvalidOperationException(result.Status != HttpStatusCode.OK
                        ? $"Copilot queries keep failing ({(int)result.Status}); cannot mint tokens."
                        : "Copilot queries keep being answered without cards (a storage cap?); cannot mint tokens.");
                }

                Add(result);
            }
        }, cancellationToken)));
    }
}

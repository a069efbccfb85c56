using System.Collections.Concurrent;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// What this gateway sent but could not yet mark sent in ConversationState (it was restarting, say). A retry
/// of the same outcome event on this gateway skips those messages instead of waiting for the claim to run
/// out and sending them again. Bounded: entries older than ten minutes, or beyond 100,000, are forgotten.
/// </summary>
public sealed class RecentlySentDeliveries(TimeProvider time)
{
    private const int Capacity = 100_000;
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sent = new(StringComparer.Ordinal);

    public void Remember(string deliveryId)
    {
        if (_sent.Count >= Capacity)
        {
            Prune();
        }

        _sent[deliveryId] = time.GetUtcNow();
    }

    public bool WasSent(string deliveryId) =>
        _sent.TryGetValue(deliveryId, out var at) && time.GetUtcNow() - at < Memory;

    public void Forget(string deliveryId) => _sent.TryRemove(deliveryId, out _);

    private void Prune()
    {
        var cutoff = time.GetUtcNow() - Memory;
        foreach (var (id, at) in _sent)
        {
            if (at < cutoff || _sent.Count >= Capacity)
            {
                _sent.TryRemove(id, out _);
            }
        }
    }
}

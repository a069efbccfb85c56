using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Storage;

/// <summary>
/// Holds a mint, a redeem or the task it activates back until <see cref="StateOptions.ReplicaAcks"/> replicas have it (Redis <c>WAIT</c>).
/// Replication is asynchronous: a primary that dies right after a redeem could take it along, and the promoted
/// replica would redeem the same token again. Not enough replicas in time is a 503 the caller retries with the same
/// redemption id, which replays rather than consumes (docs/decisions/0008-redis-topologies.md).
/// </summary>
public sealed class ReplicaAcknowledgement(IConnectionMultiplexer redis, IOptions<StateOptions> options)
{
    public async Task WaitAsync(IEnumerable<RedisKey> writtenKeys)
    {
        var required = options.Value.ReplicaAcks ?? 0;
        if (required == 0)
        {
            return;
        }

        var timeoutMs = (long)options.Value.ReplicaAckTimeout.TotalMilliseconds;
        // WAIT covers every earlier write of the connection it is sent on: the multiplexer's one connection to the
        // primary that serves each key (one primary with Sentinel; in a cluster, one per slot owner).
        foreach (var primary in writtenKeys.Select(key => redis.GetServer(key)).DistinctBy(server => server.EndPoint))
        {
            var acknowledged = (long)await primary.ExecuteAsync("WAIT", required, timeoutMs);
            if (acknowledged < required)
            {
                throw new TimeoutException(
                    $"{acknowledged} of {required} Redis replicas of {primary.EndPoint} acknowledged the write within {timeoutMs} ms.");
            }
        }
    }
}

using Handoff.Contracts.State;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Deliveries;

/// <summary>
/// Makes telling the user about a handoff happen once even when the outcome event is delivered twice
/// (RabbitMQ redelivery, a replayed redemption, a re-sent invoke). A sender claims the delivery with a
/// short lease it renews while sending, then marks it sent; a crash mid-send lets the lease run out so a
/// redelivery can send again within seconds, rather than losing the message.
/// </summary>
public sealed class OutcomeDeliveryStore(IConnectionMultiplexer redis, ReplicaAcknowledgement replicaAcks, IOptions<StateOptions> options)
{
    private const string Sent = "sent";
    private const string Sending = "sending";

    // A lease is 'sending', or 'sending:' and its holder's name; @holding is what this claim would write. Only a named
    // holder takes back its own lease: two claims without a name are two claimants.
    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        local state = redis.call('GET', @key)
        if state == 'sent' then return 'AlreadySent' end
        if state and (state == 'sending' or state ~= @holding) then return 'InProgress' end
        redis.call('SET', @key, @holding, 'PX', @leaseMs)
        return 'Claimed'
        """);

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare("""
        local state = redis.call('GET', @key)
        if state and string.sub(state, 1, 7) == 'sending' then redis.call('DEL', @key) end
        return 1
        """);

    private static readonly LuaScript RenewScript = LuaScript.Prepare("""
        local state = redis.call('GET', @key)
        if state and string.sub(state, 1, 7) == 'sending' then return redis.call('PEXPIRE', @key, @leaseMs) end
        return 0
        """);

    public static TimeSpan Lease => DeliveryLease.Duration;

    /// <param name="sent">The caller's earlier sends, marked sent in the same round trip (pipelined: their keys may live on other Cluster slots).</param>
    /// <param name="holder">The claimant's name (<see cref="ClaimDeliveryRequest.Holder"/>): a lease it holds is granted to it again.</param>
    public async Task<DeliveryClaim> ClaimAsync(string deliveryId, IReadOnlyList<string> sent, string? holder = null)
    {
        var database = redis.GetDatabase();
        var sentKeys = sent.Select(id => (RedisKey)RedisKeys.Delivery(id)).ToArray();
        var marks = sentKeys.Select(key => database.StringSetAsync(key, Sent, options.Value.TokenMemory)).ToArray();
        var result = (string?)await database.ScriptEvaluateAsync(ClaimScript, new
        {
            key = (RedisKey)RedisKeys.Delivery(deliveryId),
            holding = holder is null ? Sending : $"{Sending}:{holder}",
            leaseMs = (long)Lease.TotalMilliseconds,
        });
        if (marks.Length > 0)
        {
            await Task.WhenAll(marks);
            await replicaAcks.WaitAsync(sentKeys);
        }

        return Enum.Parse<DeliveryClaim>(result!);
    }

    /// <summary>Extends a claim being sent; false when there is none (it ran out, or was completed).</summary>
    public async Task<bool> RenewAsync(string deliveryId) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, new
        {
            key = (RedisKey)RedisKeys.Delivery(deliveryId),
            leaseMs = (long)Lease.TotalMilliseconds,
        }) == 1;

    public async Task CompleteAsync(string deliveryId)
    {
        RedisKey key = RedisKeys.Delivery(deliveryId);
        await redis.GetDatabase().StringSetAsync(key, Sent, options.Value.TokenMemory);
        // A "sent" lost with a primary in a failover would let the redelivered outcome be sent again.
        await replicaAcks.WaitAsync([key]);
    }

    public Task ReleaseAsync(string deliveryId) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, new { key = (RedisKey)RedisKeys.Delivery(deliveryId) });
}

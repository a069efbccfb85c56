using Handoff.Contracts.State;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Deliveries;

/// <summary>
/// Makes telling the user about a handoff happen once even when the outcome event is delivered twice
/// (RabbitMQ redelivery, a replayed redemption, a re-sent invoke). A sender claims the delivery with a
/// short lease, sends, then marks it sent; a crash mid-send lets the lease run out so a redelivery can
/// send again, rather than losing the message.
/// </summary>
public sealed class OutcomeDeliveryStore(IConnectionMultiplexer redis, IOptions<StateOptions> options)
{
    private const string Sent = "sent";

    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        local state = redis.call('GET', @key)
        if state == 'sent' then return 'AlreadySent' end
        if state then return 'InProgress' end
        redis.call('SET', @key, 'sending', 'PX', @leaseMs)
        return 'Claimed'
        """);

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare("""
        if redis.call('GET', @key) == 'sending' then redis.call('DEL', @key) end
        return 1
        """);

    /// <summary>Longer than a whole welcome can take to send (three messages, each up to the connector's 60 s budget).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<DeliveryClaim> ClaimAsync(string deliveryId)
    {
        var result = (string?)await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, new
        {
            key = (RedisKey)RedisKeys.Delivery(deliveryId),
            leaseMs = (long)Lease.TotalMilliseconds,
        });
        return Enum.Parse<DeliveryClaim>(result!);
    }

    public Task CompleteAsync(string deliveryId) =>
        redis.GetDatabase().StringSetAsync(RedisKeys.Delivery(deliveryId), Sent, options.Value.TokenMemory);

    public Task ReleaseAsync(string deliveryId) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, new { key = (RedisKey)RedisKeys.Delivery(deliveryId) });
}

using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>
/// Every replica's sends in Redis, so the limits hold for the bot as a whole: one script call per reservation,
/// which checks the tenant's window and all the conversation's windows and reserves the slot in both logs. The
/// clock is Redis's own (<c>TIME</c>), so the replicas' clocks need not agree.
/// </summary>
public sealed class RedisSendSchedule(IConnectionMultiplexer redis, PacingLimits limits)
{
    // The same rule as SlotReservation and SendLog, on sorted sets scored by send time (Unix ms).
    // KEYS: the tenant's log, the conversation's log. ARGV: a unique member, the tenant's sends and width (ms),
    // how long a conversation is remembered (ms), then each conversation window's sends and width (ms).
    private const string Script = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local tenantSends, tenantWidth, memory = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])

        local function last(key, from)
          local entry = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
          if entry[2] and tonumber(entry[2]) > from then return tonumber(entry[2]) end
          return from
        end

        -- A send at t counts in the window ending at t while it is later than t - width.
        local function earliest(key, sends, width, from)
          local entry = redis.call('ZRANGE', key, -sends, -sends, 'WITHSCORES')
          if entry[2] and tonumber(entry[2]) + width > from then return tonumber(entry[2]) + width end
          return from
        end

        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tenantWidth))
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (now - memory))

        local conversationFrom = last(KEYS[2], now)
        local conversationSlot = conversationFrom
        for i = 5, #ARGV, 2 do
          conversationSlot = math.max(conversationSlot, earliest(KEYS[2], tonumber(ARGV[i]), tonumber(ARGV[i + 1]), conversationFrom))
        end
        local tenantSlot = earliest(KEYS[1], tenantSends, tenantWidth, last(KEYS[1], now))
        if conversationSlot > tenantSlot then
          return { 0, conversationSlot - now }
        end

        redis.call('ZADD', KEYS[1], tenantSlot, ARGV[1])
        redis.call('ZADD', KEYS[2], tenantSlot, ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], tenantSlot + tenantWidth)
        redis.call('PEXPIREAT', KEYS[2], tenantSlot + memory)
        return { 1, tenantSlot - now, tenantSlot }
        """;

    private readonly RedisValue[] _limits =
    [
        limits.Tenant.Sends, (long)limits.Tenant.Width.TotalMilliseconds, (long)limits.Memory.TotalMilliseconds,
        .. limits.Conversation.SelectMany(window => new RedisValue[] { window.Sends, (long)window.Width.TotalMilliseconds }),
    ];

    /// <summary>False while the connection is down: asking then would wait for a timeout.</summary>
    public bool IsAvailable => redis.IsConnected;

    public async ValueTask<PacingDecision> ReserveAsync(PacingKey key, CancellationToken cancellationToken)
    {
        var result = (RedisResult[]?)await redis.GetDatabase().ScriptEvaluateAsync(Script, KeysOf(key), [Guid.NewGuid().ToString("N"), .. _limits])
                     ?? throw new RedisException("The pacing script returned nothing.");
        var reserved = (long)result[0] == 1;
        var wait = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1]));
        return new PacingDecision(reserved, wait, !reserved ? PacingScope.Conversation : wait > TimeSpan.Zero ? PacingScope.Tenant : PacingScope.None,
            reserved ? (long)result[2] : 0);
    }

    /// <summary>
    /// Both keys carry the tenant as a hash tag, so one script may touch them on a Redis Cluster. Ids are hashed:
    /// they identify users' conversations and have no business in Redis in the clear.
    /// </summary>
    internal static RedisKey[] KeysOf(PacingKey key)
    {
        var tenant = Digest(key.Tenant);
        return [$"handoff:pacing:{{{tenant}}}:tenant", $"handoff:pacing:{{{tenant}}}:conversation:{Digest(key.ConversationId)}"];
    }

    private static string Digest(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 12);
}

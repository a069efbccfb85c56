using Handoff.ConversationState.Observability;
using Handoff.ConversationState.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Quotas;

/// <summary>
/// The caps on what users and tenants keep in Redis, counted from what is stored rather than from what is asked for:
/// a user's index holds one entry per handoff for as long as any record of it is kept (the full context while open,
/// then its tombstone), and a tenant's counters hold the same entries in one-minute buckets of when they leave.
/// Redis expiry runs no script, so both are trimmed by the scripts that add to them.
/// </summary>
public sealed class HandoffQuota(IOptions<StateOptions> options, StateMetrics metrics)
{
    /// <summary>The width of a tenant's buckets: an entry counts until the end of the minute its record leaves in.</summary>
    public static readonly TimeSpan BucketWidth = TimeSpan.FromMinutes(1);

    // KEYS: the user's index. ARGV: prune up to (ms), now (ms), the open limit, the stored limit, the new tokens'
    // expiry (ms), the index's lifetime (ms), then the new token hashes. Answers {'ok'} or the cap hit and its count.
    private const string UserScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        local adding = #ARGV - 6
        local open = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf')
        if open + adding > tonumber(ARGV[3]) then return {'open', open} end
        local stored = redis.call('ZCARD', KEYS[1])
        if stored + adding > tonumber(ARGV[4]) then return {'stored', stored} end
        for i = 7, #ARGV do redis.call('ZADD', KEYS[1], ARGV[5], ARGV[i]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return {'ok', 0}
        """;

    // KEYS: the tenant's counters (totals 'open' and 'stored', and one field per bucket: 'o' or 's' and the bucket's
    // end in ms), and its buckets by end. ARGV: now (ms), the open limit, the stored limit, how many to add, the open
    // bucket's end, the stored bucket's end, the keys' lifetime (ms). Ended buckets leave their totals first.
    private const string TenantScript = """
        local ended = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
        for _, field in ipairs(ended) do
          local total = string.sub(field, 1, 1) == 'o' and 'open' or 'stored'
          local count = tonumber(redis.call('HGET', KEYS[1], field) or '0')
          if count ~= 0 then redis.call('HINCRBY', KEYS[1], total, 0 - count) end
          redis.call('HDEL', KEYS[1], field)
        end
        if #ended > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1]) end
        local adding = tonumber(ARGV[4])
        local open = tonumber(redis.call('HGET', KEYS[1], 'open') or '0')
        if open + adding > tonumber(ARGV[2]) then return {'open', open} end
        local stored = tonumber(redis.call('HGET', KEYS[1], 'stored') or '0')
        if stored + adding > tonumber(ARGV[3]) then return {'stored', stored} end
        redis.call('HINCRBY', KEYS[1], 'o' .. ARGV[5], adding)
        redis.call('HINCRBY', KEYS[1], 's' .. ARGV[6], adding)
        redis.call('HINCRBY', KEYS[1], 'open', adding)
        redis.call('HINCRBY', KEYS[1], 'stored', adding)
        redis.call('ZADD', KEYS[2], ARGV[5], 'o' .. ARGV[5], ARGV[6], 's' .. ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        redis.call('PEXPIRE', KEYS[2], ARGV[7])
        return {'ok', 0}
        """;

    // Takes handoffs out of the tenant buckets that still count them, never below zero: what TenantScript added when
    // another cap refused the request, or a forgotten user's. ARGV: pairs of a bucket's field ('o' or 's' and its
    // end) and how many to take out of it.
    private const string TenantTakeBackScript = """
        for i = 1, #ARGV, 2 do
          local count = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
          local n = math.min(count, tonumber(ARGV[i + 1]))
          if n > 0 then
            redis.call('HINCRBY', KEYS[1], ARGV[i], 0 - n)
            redis.call('HINCRBY', KEYS[1], string.sub(ARGV[i], 1, 1) == 'o' and 'open' or 'stored', 0 - n)
          end
        end
        return 0
        """;

    private readonly StateOptions _options = options.Value;

    /// <summary>
    /// Counts the new tokens in their users' indexes and their tenants' counters, all at once (one round trip; each
    /// user and each tenant atomically). When any cap refuses, what the others added is taken back and nothing is stored.
    /// </summary>
    /// <param name="tokens">Each new token's hash with its owner (<see cref="Owner.Of"/>) and tenant.</param>
    public async Task ReserveAsync(IDatabase database, IReadOnlyList<(string Hash, string Owner, string Tenant)> tokens, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var remembered = expiresAt + _options.TokenMemory;
        var lifetimeMs = (long)(_options.TokenLifetime + _options.TokenMemory + BucketWidth).TotalMilliseconds;
        var openEnd = BucketEnd(expiresAt);
        var storedEnd = BucketEnd(remembered);
        var users = tokens.GroupBy(token => token.Owner, token => token.Hash).ToList();
        var tenants = tokens.GroupBy(token => token.Tenant).Select(tenant => (Tenant: tenant.Key, Count: tenant.Count())).ToList();

        var userAnswers = users.Select(user => database.ScriptEvaluateAsync(UserScript, [RedisKeys.UserContexts(user.Key)],
        [
            (now - _options.TokenMemory).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), _options.MaxOpenContextsPerUser,
            _options.MaxStoredHandoffsPerUser, expiresAt.ToUnixTimeMilliseconds(), lifetimeMs, .. user.Select(hash => (RedisValue)hash),
        ])).ToList();
        var tenantAnswers = tenants.Select(tenant => database.ScriptEvaluateAsync(TenantScript, TenantKeys(tenant.Tenant),
        [
            now.ToUnixTimeMilliseconds(), _options.MaxOpenContextsPerTenant, _options.MaxStoredHandoffsPerTenant, tenant.Count,
            openEnd, storedEnd, lifetimeMs,
        ])).ToList();
        await Task.WhenAll(userAnswers.Concat(tenantAnswers));

        var userVerdicts = userAnswers.Select(answer => Verdict.Of(answer.Result)).ToList();
        var tenantVerdicts = tenantAnswers.Select(answer => Verdict.Of(answer.Result)).ToList();
        if (userVerdicts.All(verdict => verdict.Accepted) && tenantVerdicts.All(verdict => verdict.Accepted))
        {
            return;
        }

        await Task.WhenAll(
            users.Where((_, at) => userVerdicts[at].Accepted).Select(user =>
                (Task)database.SortedSetRemoveAsync(RedisKeys.UserContexts(user.Key), user.Select(hash => (RedisValue)hash).ToArray()))
            .Concat(tenants.Where((_, at) => tenantVerdicts[at].Accepted).Select(tenant =>
                database.ScriptEvaluateAsync(TenantTakeBackScript, [RedisKeys.TenantHandoffs(tenant.Tenant)],
                    ["o" + openEnd, tenant.Count, "s" + storedEnd, tenant.Count]))));

        if (userVerdicts.FirstOrDefault(verdict => !verdict.Accepted) is { } user)
        {
            metrics.Refused("user", user.Cap);
            throw new UserLimitExceededException(user.Cap == "open"
                ? $"The user already has {user.Count} open handoffs; the limit is {_options.MaxOpenContextsPerUser}. Unused ones expire after {_options.TokenLifetime}."
                : $"The user already has {user.Count} handoffs stored (open ones and the tombstones of used or expired ones); the limit is {_options.MaxStoredHandoffsPerUser}. Tombstones are kept for {_options.TokenMemory}.");
        }

        var tenantVerdict = tenantVerdicts.First(verdict => !verdict.Accepted);
        metrics.Refused("tenant", tenantVerdict.Cap);
        throw new TenantLimitExceededException(tenantVerdict.Cap == "open"
            ? $"The tenant already has about {tenantVerdict.Count} open handoffs; the limit is {_options.MaxOpenContextsPerTenant}. Unused ones expire after {_options.TokenLifetime}."
            : $"The tenant already has about {tenantVerdict.Count} handoffs stored (open ones and tombstones); the limit is {_options.MaxStoredHandoffsPerTenant}. Tombstones are kept for {_options.TokenMemory}.");
    }

    /// <summary>
    /// "Forget me": the user's erased handoffs stop counting towards their tenant's caps at once, not when their
    /// buckets end. Each is found in its buckets as <see cref="ReserveAsync"/> put it there, by its token's expiry.
    /// </summary>
    /// <param name="expiries">When each erased handoff's token expires(d): its score in the user's index.</param>
    public async Task ReleaseErasedAsync(IDatabase database, string tenantId, IReadOnlyCollection<DateTimeOffset> expiries)
    {
        if (expiries.Count == 0)
        {
            return;
        }

        var buckets = expiries.Select(expiresAt => "o" + BucketEnd(expiresAt))
            .Concat(expiries.Select(expiresAt => "s" + BucketEnd(expiresAt + _options.TokenMemory)))
            .CountBy(field => field)
            .SelectMany(bucket => new RedisValue[] { bucket.Key, bucket.Value })
            .ToArray();
        await database.ScriptEvaluateAsync(TenantTakeBackScript, [RedisKeys.TenantHandoffs(Owner.Tenant(tenantId))], buckets);
    }

    /// <summary>What a tenant's counters say now (ended buckets not yet trimmed may still count): open handoffs, and all stored.</summary>
    public static async Task<(long Open, long Stored)> TenantCountsAsync(IDatabase database, string tenantId)
    {
        var totals = await database.HashGetAsync(RedisKeys.TenantHandoffs(tenantId), ["open", "stored"]);
        return ((long?)totals[0] ?? 0, (long?)totals[1] ?? 0);
    }

    private static RedisKey[] TenantKeys(string tenant) => [RedisKeys.TenantHandoffs(tenant), RedisKeys.TenantHandoffBuckets(tenant)];

    private static long BucketEnd(DateTimeOffset at)
    {
        var width = (long)BucketWidth.TotalMilliseconds;
        var ms = at.ToUnixTimeMilliseconds();
        return (ms + width - 1) / width * width;
    }

    private sealed record Verdict(string Cap, long Count)
    {
        public bool Accepted => Cap == "ok";

        public static Verdict Of(RedisResult answer)
        {
            var parts = (RedisResult[])answer!;
            return new Verdict((string)parts[0]!, (long)parts[1]);
        }
    }
}

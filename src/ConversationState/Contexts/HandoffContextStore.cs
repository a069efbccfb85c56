using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Observability;
using Handoff.ConversationState.Storage;
using Handoff.ConversationState.Tokens;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Contexts;

/// <summary>Stores handoff contexts under single-use continuation tokens and redeems them atomically.</summary>
public sealed partial class HandoffContextStore(
    IConnectionMultiplexer redis,
    IOptions<StateOptions> options,
    TimeProvider time,
    ContextProtector protector,
    StateMetrics metrics,
    ReplicaAcknowledgement replicaAcks,
    ILogger<HandoffContextStore> logger)
{
    // One atomic step: a token already redeemed by this very redemption replays its context (a retried
    // request must not turn into "already used"); its owner clicking it again gets the context back as an
    // earlier redemption (to be told where the task stands); any other owner learns nothing of the context;
    // an expired token is refused (its record expires by itself); a live one is consumed and remembered as redeemed.
    private static readonly LuaScript RedeemScript = LuaScript.Prepare("""
        local redeemed = redis.call('HMGET', @redeemedKey, 'owner', 'redemption', 'context', 'redeemedAt')
        if redeemed[1] then
          if redeemed[1] ~= @owner then return {'NotYours'} end
          if redeemed[2] == @redemption then return {'Redeemed', redeemed[3]} end
          return {'RedeemedEarlier', redeemed[3], redeemed[4] or '0'}
        end
        local token = redis.call('HMGET', @tokenKey, 'owner', 'expiresAt', 'context')
        if not token[1] then return {'Unknown'} end
        if token[1] ~= @owner then return {'NotYours'} end
        if tonumber(token[2]) <= tonumber(@now) then return {'Expired'} end
        redis.call('DEL', @tokenKey)
        redis.call('HSET', @redeemedKey, 'owner', @owner, 'redemption', @redemption, 'context', token[3], 'redeemedAt', @now)
        redis.call('PEXPIRE', @redeemedKey, @memoryMs)
        return {'Redeemed', token[3]}
        """);

    // One user's index in one step, so concurrent mints cannot both slip under the limit: entries stay as long as their
    // records do (lifetime + memory), so "forget me" finds them all; only those past that are pruned, and only
    // unexpired ones count as open. KEYS: the index. ARGV: prune up to (ms), now (ms), the limit, the new tokens'
    // expiry (ms), the index's lifetime (ms), then the new token hashes. Answers -1 when they were added, else the open count.
    private const string ReserveScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        local open = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[2], '+inf')
        if open + #ARGV - 5 > tonumber(ARGV[3]) then return open end
        for i = 6, #ARGV do redis.call('ZADD', KEYS[1], ARGV[4], ARGV[i]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return -1
        """;

    private readonly StateOptions _options = options.Value;

    /// <summary>
    /// Stores the contexts and mints their tokens; refuses when a user would hold more than the limit of open contexts.
    /// Two round trips: each user's index (its limit checked and the new tokens added in one script), then every record.
    /// </summary>
    public async Task<IReadOnlyList<MintedToken>> StoreAsync(IReadOnlyList<HandoffContextDraft> drafts)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + _options.TokenLifetime;
        // The record outlives the token so a late click is told "expired", not "unknown".
        var keyLifetime = _options.TokenLifetime + _options.TokenMemory;
        var tokens = drafts.Select(draft =>
        {
            var token = ContinuationToken.Mint();
            return (Draft: draft, Token: token, Hash: ContinuationToken.Hash(token), Owner: Owner.Of(draft.UserAadObjectId, draft.TenantId));
        }).ToList();
        var owners = tokens.GroupBy(token => token.Owner, token => token.Hash).ToList();
        var database = redis.GetDatabase();
        await ReserveAsync(database, owners, now, expiresAt, keyLifetime);
        var minted = await metrics.TimeAsync(StateMetrics.StoreContexts, async () =>
        {
            var batch = database.CreateBatch();
            var writes = new List<Task>(tokens.Count * 2);
            var keys = new List<RedisKey>(tokens.Count + owners.Count);
            foreach (var (draft, _, hash, owner) in tokens)
            {
                var context = new HandoffContext(
                    draft.RequestText, draft.CommandId, draft.Item, draft.UserAadObjectId, draft.TenantId,
                    draft.Locale, now, expiresAt);
                var key = (RedisKey)RedisKeys.Token(hash);
                writes.Add(batch.HashSetAsync(key,
                [
                    new HashEntry("owner", owner),
                    new HashEntry("expiresAt", expiresAt.ToUnixTimeMilliseconds()),
                    new HashEntry("context", protector.Protect(JsonSerializer.Serialize(context, ContractsJson.Default.HandoffContext), SealBinding.HandoffContext(hash, owner))),
                ]));
                writes.Add(batch.KeyExpireAsync(key, keyLifetime));
                keys.Add(key);
            }

            batch.Execute();
            await Task.WhenAll(writes);
            keys.AddRange(owners.Select(owner => (RedisKey)RedisKeys.UserContexts(owner.Key)));
            await replicaAcks.WaitAsync(keys);
            return tokens.Select(token => new MintedToken(token.Token, expiresAt)).ToList();
        });
        metrics.Minted(minted.Count);
        return minted;
    }

    /// <summary>
    /// Adds the new tokens to their users' indexes, every user at once. When one user is over the limit, the others'
    /// new entries are taken out again and nothing is stored.
    /// </summary>
    private async Task ReserveAsync(IDatabase database, List<IGrouping<string, string>> owners, DateTimeOffset now, DateTimeOffset expiresAt, TimeSpan keyLifetime)
    {
        RedisValue[] Arguments(IGrouping<string, string> hashes) =>
        [
            (now - _options.TokenMemory).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), _options.MaxOpenContextsPerUser,
            expiresAt.ToUnixTimeMilliseconds(), (long)keyLifetime.TotalMilliseconds, .. hashes.Select(hash => (RedisValue)hash),
        ];

        var answers = await Task.WhenAll(owners.Select(hashes =>
            database.ScriptEvaluateAsync(ReserveScript, [RedisKeys.UserContexts(hashes.Key)], Arguments(hashes))));
        var refused = answers.Select((answer, at) => (Open: (long)answer, Hashes: owners[at])).FirstOrDefault(owner => owner.Open >= 0);
        if (refused.Hashes is null)
        {
            return;
        }

        await Task.WhenAll(owners.Where((_, at) => (long)answers[at] < 0).Select(hashes =>
            database.SortedSetRemoveAsync(RedisKeys.UserContexts(hashes.Key), hashes.Select(hash => (RedisValue)hash).ToArray())));
        throw new UserLimitExceededException(
            $"The user already has {refused.Open} open handoffs; the limit is {_options.MaxOpenContextsPerUser}. Unused ones expire after {_options.TokenLifetime}.");
    }

    public async Task<RedeemOutcome> RedeemAsync(string token, string userAadObjectId, string tenantId, string redemptionId)
    {
        if (!ContinuationToken.IsWellFormed(token))
        {
            return RedeemOutcome.Rejected(HandoffRejectionReason.Unknown);
        }

        var hash = ContinuationToken.Hash(token);
        var redeemedKey = (RedisKey)RedisKeys.RedeemedToken(hash);
        var owner = Owner.Of(userAadObjectId, tenantId);
        var binding = SealBinding.HandoffContext(hash, owner);
        var result = (RedisResult[]?)await metrics.TimeAsync(StateMetrics.Redeem, () => redis.GetDatabase().ScriptEvaluateAsync(RedeemScript, new
        {
            tokenKey = (RedisKey)RedisKeys.Token(hash),
            redeemedKey,
            owner,
            redemption = redemptionId,
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            memoryMs = (long)_options.TokenMemory.TotalMilliseconds,
        }));

        var verdict = result is { Length: > 0 } ? (string?)result[0] : null;
        if (verdict == "RedeemedEarlier")
        {
            // Records written before redeemedAt was kept read as long ago.
            var redeemedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)result![2]);
            return Unseal((string)result[1]!, binding) is { } earlier ? RedeemOutcome.RedeemedEarlier(earlier, redeemedAt) : RedeemOutcome.Rejected(HandoffRejectionReason.AlreadyUsed);
        }

        if (verdict == "Redeemed")
        {
            // A replay waits too: its first answer may have been a 503 because the replicas had not caught up.
            await replicaAcks.WaitAsync([redeemedKey]);
            var sealedContext = (string)result![1]!;
            return Unseal(sealedContext, binding) is { } context
                ? RedeemOutcome.Success(new RedeemedContext(context, hash))
                : RedeemOutcome.Rejected(HandoffRejectionReason.Unknown);
        }

        return Enum.TryParse<HandoffRejectionReason>(verdict, out var reason)
            ? RedeemOutcome.Rejected(reason)
            : throw new InvalidOperationException($"The redeem script answered '{verdict}'.");
    }

    private HandoffContext? Unseal(string sealedContext, SealBinding binding)
    {
        try
        {
            return JsonSerializer.Deserialize(protector.Unprotect(sealedContext, binding), ContractsJson.Default.HandoffContext)!;
        }
        catch (CryptographicException exception)
        {
            // Sealed with a key that has left the ring, or moved here from another token or owner: the context is gone for good.
            LogUndecryptable(logger, exception.Message);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "A redeemed context could not be decrypted: {Reason}")]
    private static partial void LogUndecryptable(ILogger logger, string reason);
}

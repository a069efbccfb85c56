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
public sealed class HandoffContextStore(
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

    private readonly StateOptions _options = options.Value;

    /// <summary>Stores the contexts and mints their tokens; refuses when the user would hold more than the limit of open contexts.</summary>
    public async Task<IReadOnlyList<MintedToken>> StoreAsync(IReadOnlyList<HandoffContextDraft> drafts)
    {
        var now = time.GetUtcNow();
        await EnsureWithinUserLimitAsync(drafts, now);
        var expiresAt = now + _options.TokenLifetime;
        // The record outlives the token so a late click is told "expired", not "unknown".
        var keyLifetime = _options.TokenLifetime + _options.TokenMemory;
        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var writes = new List<Task>(drafts.Count * 4);
        var keys = new List<RedisKey>(drafts.Count * 2);
        var minted = new List<MintedToken>(drafts.Count);

        foreach (var draft in drafts)
        {
            var context = new HandoffContext(
                draft.RequestText, draft.CommandId, draft.Item, draft.UserAadObjectId, draft.TenantId,
                draft.Locale, now, expiresAt);
            var token = ContinuationToken.Mint();
            var key = RedisKeys.Token(ContinuationToken.Hash(token));
            var owner = Owner.Of(draft.UserAadObjectId, draft.TenantId);
            writes.Add(batch.HashSetAsync(key,
            [
                new HashEntry("owner", owner),
                new HashEntry("expiresAt", expiresAt.ToUnixTimeMilliseconds()),
                new HashEntry("context", protector.Protect(JsonSerializer.Serialize(context, ContractsJson.Default.HandoffContext),
                    SealBinding.HandoffContext(ContinuationToken.Hash(token), owner))),
            ]));
            writes.Add(batch.KeyExpireAsync(key, keyLifetime));
            var userContexts = RedisKeys.UserContexts(Owner.Of(draft.UserAadObjectId, draft.TenantId));
            writes.Add(batch.SortedSetAddAsync(userContexts, ContinuationToken.Hash(token), expiresAt.ToUnixTimeMilliseconds()));
            writes.Add(batch.KeyExpireAsync(userContexts, keyLifetime));
            keys.Add(key);
            keys.Add(userContexts);
            minted.Add(new MintedToken(token, expiresAt));
        }

        batch.Execute();
        await metrics.TimeAsync(StateMetrics.StoreContexts, async () =>
        {
            await Task.WhenAll(writes);
            await replicaAcks.WaitAsync(keys);
            return true;
        });
        metrics.Minted(minted.Count);
        return minted;
    }

    private async Task EnsureWithinUserLimitAsync(IReadOnlyList<HandoffContextDraft> drafts, DateTimeOffset now)
    {
        var database = redis.GetDatabase();
        foreach (var group in drafts.GroupBy(draft => Owner.Of(draft.UserAadObjectId, draft.TenantId)))
        {
            var key = RedisKeys.UserContexts(group.Key);
            // Entries stay in the index as long as their records do (lifetime + memory), so "forget me" finds
            // them all; only those past that are pruned, and only unexpired ones count as open.
            await database.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, (now - _options.TokenMemory).ToUnixTimeMilliseconds());
            var open = await database.SortedSetLengthAsync(key, now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);
            if (open + group.Count() > _options.MaxOpenContextsPerUser)
            {
                throw new UserLimitExceededException(
                    $"The user already has {open} open handoffs; the limit is {_options.MaxOpenContextsPerUser}. Unused ones expire after {_options.TokenLifetime}.");
            }
        }
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
            return Unseal((string)result![1]!, binding) is { } context ? RedeemOutcome.Redeemed(context) : RedeemOutcome.Rejected(HandoffRejectionReason.Unknown);
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
            logger.LogWarning("A redeemed context could not be decrypted: {Reason}", exception.Message);
            return null;
        }
    }
}

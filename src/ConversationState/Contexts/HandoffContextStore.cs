using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Contracts;
using Handoff.Contracts.State;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Observability;
using Handoff.ConversationState.Quotas;
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
    HandoffQuota quota,
    StateMetrics metrics,
    ReplicaAcknowledgement replicaAcks,
    ILogger<HandoffContextStore> logger)
{
    // One atomic step: a token already redeemed by this very redemption replays its context (a retried
    // request must not turn into "already used"); its owner clicking it again is told of the earlier redemption;
    // any other owner learns nothing of the context; an expired token is refused and its record deleted at once; a
    // live one is consumed and leaves a tombstone (owner, redemption, time), plus the sealed record under its own key
    // for the replay window only. Answers the verdict, the sealed record or false, the redemption time and (for a tombstone)
    // the redemption's id. Tombstones written before the replay key existed still hold 'context'.
    private static readonly LuaScript RedeemScript = LuaScript.Prepare("""
        local redeemed = redis.call('HMGET', @redeemedKey, 'owner', 'redemption', 'redeemedAt', 'context')
        if redeemed[1] then
          if redeemed[1] ~= @owner then return {'NotYours'} end
          local context = redeemed[4] or redis.call('GET', @replayKey)
          local verdict = redeemed[2] == @redemption and 'Redeemed' or 'RedeemedEarlier'
          return {verdict, context, redeemed[3] or '0', redeemed[2]}
        end
        local token = redis.call('HMGET', @tokenKey, 'owner', 'expiresAt', 'context')
        if not token[1] then return {'Unknown'} end
        if token[1] ~= @owner then return {'NotYours'} end
        if tonumber(token[2]) <= tonumber(@now) then
          redis.call('DEL', @tokenKey)
          return {'Expired'}
        end
        redis.call('DEL', @tokenKey)
        redis.call('HSET', @redeemedKey, 'owner', @owner, 'redemption', @redemption, 'redeemedAt', @now)
        redis.call('PEXPIRE', @redeemedKey, @memoryMs)
        redis.call('SET', @replayKey, token[3], 'PX', @replayMs)
        return {'Redeemed', token[3], @now}
        """);

    private readonly StateOptions _options = options.Value;

    /// <summary>
    /// Stores the contexts and mints their tokens; refuses when a user or tenant would hold more than its caps allow.
    /// Two round trips: the caps (each user's index and each tenant's counters, checked and added to in one script
    /// each), then every record. A record lives exactly as long as its token: an expired one is answered from the
    /// user's index, whose entries outlive it by <see cref="StateOptions.TokenMemory"/>.
    /// </summary>
    public async Task<IReadOnlyList<MintedToken>> StoreAsync(IReadOnlyList<HandoffContextDraft> drafts)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + _options.TokenLifetime;
        var tokens = drafts.Select(draft =>
        {
            var token = ContinuationToken.Mint();
            return (Draft: draft, Token: token, Hash: ContinuationToken.Hash(token), Owner: Owner.Of(draft.UserAadObjectId, draft.TenantId));
        }).ToList();
        var database = redis.GetDatabase();
        await quota.ReserveAsync(database, tokens.Select(token => (token.Hash, token.Owner, Owner.Tenant(token.Draft.TenantId))).ToList(), now, expiresAt);
        var minted = await metrics.TimeAsync(StateMetrics.StoreContexts, async () =>
        {
            var batch = database.CreateBatch();
            var writes = new List<Task>(tokens.Count * 2);
            var keys = new List<RedisKey>(tokens.Count * 2);
            foreach (var (draft, _, hash, owner) in tokens)
            {
                // The app payload is sealed with the rest; a JSON null is no payload.
                var context = new HandoffContext(
                    draft.RequestText, draft.CommandId, draft.Item, draft.UserAadObjectId, draft.TenantId,
                    draft.Locale, now, expiresAt, draft.AppPayload is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } payload ? payload : null);
                var key = (RedisKey)RedisKeys.Token(hash);
                writes.Add(batch.HashSetAsync(key,
                [
                    new HashEntry("owner", owner),
                    new HashEntry("expiresAt", expiresAt.ToUnixTimeMilliseconds()),
                    new HashEntry("context", protector.Protect(JsonSerializer.Serialize(context, ContractsJson.Default.HandoffContext), SealBinding.HandoffContext(hash, owner))),
                ]));
                writes.Add(batch.KeyExpireAsync(key, _options.TokenLifetime));
                keys.Add(key);
                keys.Add(RedisKeys.UserContexts(owner));
            }

            batch.Execute();
            await Task.WhenAll(writes);
            await replicaAcks.WaitAsync(keys.Distinct());
            return tokens.Select(token => new MintedToken(token.Token, expiresAt)).ToList();
        });
        metrics.Minted(minted.Count);
        return minted;
    }

    public async Task<RedeemOutcome> RedeemAsync(string token, string userAadObjectId, string tenantId, string redemptionId)
    {
        if (!ContinuationToken.IsWellFormed(token))
        {
            return RedeemOutcome.Rejected(HandoffRejectionReason.Unknown);
        }

        var hash = ContinuationToken.Hash(token);
        var owner = Owner.Of(userAadObjectId, tenantId);
        var redeemedKey = (RedisKey)RedisKeys.RedeemedToken(hash);
        var binding = SealBinding.HandoffContext(hash, owner);
        var database = redis.GetDatabase();
        var result = (RedisResult[]?)await metrics.TimeAsync(StateMetrics.Redeem, () => database.ScriptEvaluateAsync(RedeemScript, new
        {
            tokenKey = (RedisKey)RedisKeys.Token(hash),
            redeemedKey,
            replayKey = (RedisKey)RedisKeys.RedemptionReplay(hash),
            owner,
            redemption = redemptionId,
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            memoryMs = (long)_options.TokenMemory.TotalMilliseconds,
            replayMs = (long)_options.RedemptionReplayWindow.TotalMilliseconds,
        }));

        var verdict = result is { Length: > 0 } ? (string?)result[0] : null;
        if (verdict is "Redeemed" or "RedeemedEarlier")
        {
            var sealedContext = result![1].IsNull ? null : (string?)result[1];
            var redeemedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)result[2]);
            if (verdict == "Redeemed" && sealedContext is not null)
            {
                // A replay waits too: its first answer may have been a 503 because the replicas had not caught up.
                await replicaAcks.WaitAsync([redeemedKey]);
                return Unseal(sealedContext, binding) is { } context ? RedeemOutcome.Success(new RedeemedContext(context, hash, redemptionId)) : RedeemOutcome.Rejected(HandoffRejectionReason.Unknown);
            }

            // An earlier redemption, or this one retried after the replay window: only the tombstone is left, and the
            // conversation it went to may still say where the task stands.
            return RedeemOutcome.RedeemedEarlier(sealedContext is null ? null : Unseal(sealedContext, binding), redeemedAt, hash, (string)result[3]!);
        }

        if (verdict == "Unknown" && await database.SortedSetScoreAsync(RedisKeys.UserContexts(owner), hash) is not null)
        {
            // The record has gone with its token's lifetime; the owner's index still remembers minting it.
            return RedeemOutcome.Rejected(HandoffRejectionReason.Expired);
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

using System.Security.Cryptography;
using System.Text;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Quotas;
using Handoff.ConversationState.Storage;
using StackExchange.Redis;

namespace Handoff.ConversationState.Privacy;

/// <summary>
/// "Forget me": erases a user's open contexts, used-token records, conversation state and their history in each conversation, and
/// takes their handoffs out of their tenant's counts. Every erasure is
/// audited (who asked, when, how many records) under a pseudonymous subject id, never with content.
/// </summary>
public sealed class UserErasure(IConnectionMultiplexer redis, ConversationStore conversations, HandoffQuota quota, TimeProvider time, ILoggerFactory loggers)
{
    public const string AuditCategory = "Handoff.Audit";
    private readonly ILogger _audit = loggers.CreateLogger(AuditCategory);

    public async Task<long> EraseAsync(string userAadObjectId, string tenantId, string requestedBy)
    {
        var owner = Owner.Of(userAadObjectId, tenantId);
        var database = redis.GetDatabase();
        long erased = 0;
        var handoffs = await database.SortedSetRangeByRankWithScoresAsync(RedisKeys.UserContexts(owner));
        foreach (var tokenHash in handoffs.Select(handoff => handoff.Element))
        {
            erased += await database.KeyDeleteAsync([RedisKeys.Token(tokenHash!), RedisKeys.RedeemedToken(tokenHash!)]);
            // The replay copy is the same handoff's context, kept minutes beside its tombstone: erased, not counted again.
            await database.KeyDeleteAsync(RedisKeys.RedemptionReplay(tokenHash!));
        }

        await quota.ReleaseErasedAsync(database, tenantId, [.. handoffs.Select(handoff => DateTimeOffset.FromUnixTimeMilliseconds((long)handoff.Score))]);

        foreach (var conversationId in await database.SetMembersAsync(RedisKeys.UserConversations(owner)))
        {
            erased += await conversations.ForgetAsync(conversationId!, owner);
        }

        await database.KeyDeleteAsync([RedisKeys.UserContexts(owner), RedisKeys.UserConversations(owner)]);
        _audit.LogInformation("Erased {RecordCount} records of subject {Subject} at {ErasedAt:O}, requested by {RequestedBy}",
            erased, Pseudonym(owner), time.GetUtcNow(), requestedBy);
        return erased;
    }

    /// <summary>Remembers that the user has state in this conversation, so "forget me" finds it.</summary>
    public async Task TrackConversationAsync(string userAadObjectId, string tenantId, string conversationId, TimeSpan lifetime)
    {
        var key = RedisKeys.UserConversations(Owner.Of(userAadObjectId, tenantId));
        var batch = redis.GetDatabase().CreateBatch();
        var add = batch.SetAddAsync(key, conversationId);
        var expire = batch.KeyExpireAsync(key, lifetime);
        batch.Execute();
        await Task.WhenAll(add, expire);
    }

    /// <summary>A stable, non-reversible id for audit records: support can match a user's request to it, a log reader cannot name the user.</summary>
    public static string Pseudonym(string owner) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("handoff-audit:" + owner)))[..16];
}

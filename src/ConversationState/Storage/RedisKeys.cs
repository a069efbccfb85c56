using System.Security.Cryptography;
using System.Text;

namespace Handoff.ConversationState.Storage;

/// <summary>
/// Every Redis key this service owns. Keys that one script, transaction or multi-key command touches together
/// share one hash tag (<c>{…}</c>), so they live in a single Redis Cluster slot: a token and its redeemed record,
/// a conversation, its turns and its users' histories, a journal and its feedback, a user's two indexes,
/// a tenant's counters and their buckets
/// (docs/decisions/0008-redis-topologies.md).
/// </summary>
internal static class RedisKeys
{
    public static string Token(string tokenHash) => $"handoff:{Tag(tokenHash)}:token";

    /// <summary>A redeemed token's tombstone: owner, redemption id and time, and the SHA-1 of the sealed context (never the context).</summary>
    public static string RedeemedToken(string tokenHash) => $"handoff:{Tag(tokenHash)}:redeemed";

    /// <summary>A redeemed token's sealed context, for <see cref="StateOptions.RedemptionReplayWindow"/> only, so a retried redemption replays it.</summary>
    public static string RedemptionReplay(string tokenHash) => $"handoff:{Tag(tokenHash)}:replay";

    public static string Delivery(string deliveryId) => $"handoff:delivery:{Tag(deliveryId)}";

    public static string Conversation(string conversationId) => $"handoff:conversation:{Tag(conversationId)}";

    /// <summary>
    /// Turns recorded before the history kept both sides, one user apart from another: read, never written, and
    /// erased with the conversation (see <c>Conversations/ConversationHistory</c>).
    /// </summary>
    public static string ConversationTurns(string conversationId) => $"handoff:conversation:{Tag(conversationId)}:turns";

    /// <summary>
    /// One user's messages with the bot in a conversation, both sides: per user, because a group chat's id is shared.
    /// The owner is named by a digest, so the key stays short whatever the ids hold.
    /// </summary>
    public static string ConversationHistory(string conversationId, string owner) =>
        $"handoff:conversation:{Tag(conversationId)}:history:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner)))[..32]}";

    /// <summary>Short-lived markers (no content) that keep a conversation's handoff notices quiet: see <see cref="StateOptions.TypingWindow"/>.</summary>
    public static string ConversationNotice(string conversationId, string notice) => $"handoff:conversation:{Tag(conversationId)}:notice:{notice}";

    /// <summary>A handoff's diagnostics steps, and its one counted feedback vote.</summary>
    public static string Journal(string reference) => $"handoff:journal:{Tag(reference)}";

    public static string JournalFeedback(string reference) => $"handoff:journal:{Tag(reference)}:feedback";

    /// <summary>A user's open contexts (token hashes scored by expiry) and the conversations they have state in.</summary>
    public static string UserContexts(string owner) => $"handoff:user:{Tag(owner)}:contexts";

    public static string UserConversations(string owner) => $"handoff:user:{Tag(owner)}:conversations";

    /// <summary>A tenant's handoff counters (see <see cref="Quotas.HandoffQuota"/>), and their buckets by when they end.</summary>
    public static string TenantHandoffs(string tenantId) => $"handoff:tenant:{Tag(tenantId)}:handoffs";

    public static string TenantHandoffBuckets(string tenantId) => $"handoff:tenant:{Tag(tenantId)}:buckets";

    /// <summary>
    /// The id itself in braces, as keys have always been named. Redis ends a tag at the first '}', so an id holding
    /// one (ids come from callers) would tag its keys by a prefix, or by nothing when it starts with '}' and then
    /// scatter them across slots: such ids are tagged by their SHA-256 instead, after a '#' that no plain tag has.
    /// </summary>
    public static string Tag(string id) =>
        id.Length > 0 && !id.Contains('}')
            ? $"{{{id}}}"
            : $"#{{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))}}}";
}

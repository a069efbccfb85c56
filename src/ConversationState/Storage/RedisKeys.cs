namespace Handoff.ConversationState.Storage;

/// <summary>
/// Every Redis key this service owns. A token's keys share one hash tag (<c>{…}</c>) so the atomic redeem
/// script touches a single Redis Cluster slot.
/// </summary>
internal static class RedisKeys
{
    public static string Token(string tokenHash) => $"handoff:{{{tokenHash}}}:token";

    public static string RedeemedToken(string tokenHash) => $"handoff:{{{tokenHash}}}:redeemed";

    public static string Delivery(string deliveryId) => $"handoff:delivery:{{{deliveryId}}}";

    public static string Conversation(string conversationId) => $"handoff:conversation:{{{conversationId}}}";

    public static string ConversationTurns(string conversationId) => $"handoff:conversation:{{{conversationId}}}:turns";

    /// <summary>A handoff's diagnostics steps, and its one counted feedback vote.</summary>
    public static string Journal(string reference) => $"handoff:journal:{{{reference}}}";

    public static string JournalFeedback(string reference) => $"handoff:journal:{{{reference}}}:feedback";

    /// <summary>A user's open contexts (token hashes scored by expiry) and the conversations they have state in.</summary>
    public static string UserContexts(string owner) => $"handoff:user:{{{owner}}}:contexts";

    public static string UserConversations(string owner) => $"handoff:user:{{{owner}}}:conversations";
}

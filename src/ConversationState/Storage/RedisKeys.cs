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
}

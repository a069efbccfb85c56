namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>
/// The rule both schedules follow (and <c>RedisSendSchedule</c>'s script repeats): the earliest slot that fits every
/// conversation window and the tenant's window. When the conversation is the bottleneck nothing is reserved, since
/// a tenant slot taken that far ahead would hold up every later send of the tenant behind one busy conversation.
/// </summary>
public static class SlotReservation
{
    public static PacingDecision Reserve(SendLog tenant, SendLog conversation, PacingLimits limits, long now)
    {
        var conversationFrom = Math.Max(now, conversation.Last ?? now);
        var conversationSlot = limits.Conversation.Max(window => conversation.EarliestSlot(window, conversationFrom));
        var tenantSlot = tenant.EarliestSlot(limits.Tenant, Math.Max(now, tenant.Last ?? now));
        if (conversationSlot > tenantSlot)
        {
            return new PacingDecision(false, TimeSpan.FromMilliseconds(conversationSlot - now), PacingScope.Conversation);
        }

        tenant.Add(tenantSlot);
        conversation.Add(tenantSlot);
        return new PacingDecision(true, TimeSpan.FromMilliseconds(tenantSlot - now), tenantSlot > now ? PacingScope.Tenant : PacingScope.None, tenantSlot);
    }
}

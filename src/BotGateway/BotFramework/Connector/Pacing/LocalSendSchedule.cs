namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>
/// The sends of this replica only, in memory: what the gateway paces with when Redis is not configured or not
/// reachable (with its share of the tenant limit, <see cref="PacingLimits.ShareOf"/>).
/// </summary>
public sealed class LocalSendSchedule(PacingLimits limits, TimeProvider time)
{
    private const int SweepEvery = 1024;

    private readonly Dictionary<string, SendLog> _tenants = [];
    private readonly Dictionary<(string Tenant, string Conversation), SendLog> _conversations = [];
    private readonly Lock _lock = new();
    private int _sinceSweep;

    public PacingLimits Limits => limits;

    public PacingDecision Reserve(PacingKey key)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (++_sinceSweep >= SweepEvery)
            {
                _sinceSweep = 0;
                Sweep(now);
            }

            var tenant = LogOf(_tenants, key.Tenant);
            var conversation = LogOf(_conversations, (key.Tenant, key.ConversationId));
            tenant.Forget(now - (long)limits.Tenant.Width.TotalMilliseconds);
            conversation.Forget(now - (long)limits.Memory.TotalMilliseconds);
            return SlotReservation.Reserve(tenant, conversation, limits, now);
        }
    }

    /// <summary>How many tenants and conversations are remembered (idle ones are dropped once their windows pass).</summary>
    public int Remembered
    {
        get
        {
            lock (_lock)
            {
                return _tenants.Count + _conversations.Count;
            }
        }
    }

    private void Sweep(long now)
    {
        Drop(_tenants, now - (long)limits.Tenant.Width.TotalMilliseconds);
        Drop(_conversations, now - (long)limits.Memory.TotalMilliseconds);
    }

    private static void Drop<TKey>(Dictionary<TKey, SendLog> logs, long before) where TKey : notnull
    {
        foreach (var (key, log) in logs)
        {
            if (log.Last < before)
            {
                logs.Remove(key);
            }
        }
    }

    private static SendLog LogOf<TKey>(Dictionary<TKey, SendLog> logs, TKey key) where TKey : notnull
    {
        if (!logs.TryGetValue(key, out var log))
        {
            logs[key] = log = new SendLog();
        }

        return log;
    }
}

using System.Threading.RateLimiting;

namespace Handoff.BotGateway.RateLimiting;

/// <summary>A token bucket holding one second's permits, refilled about ten times a second so the pace stays even.</summary>
public static class EvenTokenBucket
{
    /// <param name="queueLimit">How many requests may wait for a permit (0: refuse at once).</param>
    public static TokenBucketRateLimiterOptions PerSecond(int perSecond, int queueLimit)
    {
        var tokensPerPeriod = Math.Max(1, perSecond / 10);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokensPerPeriod / perSecond),
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }
}

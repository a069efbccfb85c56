using System.Threading.RateLimiting;
using Handoff.BotGateway.RateLimiting;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// The Bot Connector's documented limits, as one limiter per gateway replica: per conversation and for the
/// whole bot. A send over the rate waits its turn (oldest first) instead of failing, so a burst of welcomes
/// is spread out, never dropped. With N replicas, set <c>Connector:SendsPerSecond</c> to the bot's limit over N.
/// </summary>
public sealed class OutboundSendLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public OutboundSendLimiter(IOptions<ConnectorOptions> options)
    {
        var perConversation = options.Value.SendsPerSecondPerConversation;
        var global = options.Value.SendsPerSecond;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<string, string>(conversation => RateLimitPartition.GetTokenBucketLimiter(conversation, _ => Bucket(perConversation))),
            PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetTokenBucketLimiter("bot", _ => Bucket(global))));
    }

    /// <summary>Waits until a send to <paramref name="conversationId"/> is within the limits.</summary>
    public async ValueTask<RateLimitLease> WaitForTurnAsync(string conversationId, CancellationToken cancellationToken) =>
        await _limiter.AcquireAsync(conversationId, 1, cancellationToken);

    public void Dispose() => _limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => EvenTokenBucket.PerSecond(perSecond, queueLimit: 100_000);
}

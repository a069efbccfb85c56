namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Holds each attempt to the Bot Connector until <see cref="OutboundSendLimiter"/> lets it go. It sits inside
/// the retry pipeline, so a retried attempt (after a 429, say) queues like any other.
/// </summary>
public sealed class OutboundRateLimitHandler(OutboundSendLimiter limiter, ConnectorMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var lease = await limiter.WaitForTurnAsync(ConversationOf(request), cancellationToken);
        if (!lease.IsAcquired)
        {
            // Only when the wait queue itself is full: a hundred thousand sends waiting.
            throw new HttpRequestException("Too many sends are waiting for the Bot Connector's rate limit.");
        }

        metrics.Paced(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The conversation id from <c>/v3/conversations/{id}/activities…</c>.</summary>
    private static string ConversationOf(HttpRequestMessage request)
    {
        var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var index = Array.IndexOf(segments, "conversations");
        return index >= 0 && index + 1 < segments.Length ? Uri.UnescapeDataString(segments[index + 1]) : "";
    }
}

using Handoff.BotGateway.BotFramework.Connector.Pacing;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Holds each attempt to the Bot Connector until <see cref="OutboundSendLimiter"/> lets it go, then gives its HTTP
/// exchange <see cref="ConnectorOptions.AttemptTimeout"/>. It sits inside the retry pipeline, so a retried attempt
/// (after a 429's Retry-After, say) takes a new slot like any other.
/// </summary>
public sealed class OutboundRateLimitHandler(OutboundSendLimiter limiter, IOptions<ConnectorOptions> options) : DelegatingHandler
{
    /// <summary>Set by <see cref="BotConnectorClient"/> on every request: whose limits it counts against.</summary>
    public static readonly HttpRequestOptionsKey<PacingKey> PacingKeyOption = new("handoff.pacing");

    /// <summary>Set here on every attempt: the slot the pacing gave it, in Unix ms on the schedule's clock (Redis's when shared).</summary>
    public static readonly HttpRequestOptionsKey<long> PacingSlotOption = new("handoff.pacing.slot");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(PacingKeyOption, out var key))
        {
            throw new InvalidOperationException("A Bot Connector request without a pacing key: only BotConnectorClient sends through this client.");
        }

        request.Options.Set(PacingSlotOption, await limiter.WaitForTurnAsync(key, cancellationToken));
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.Value.AttemptTimeout);
        try
        {
            return await base.SendAsync(request, attempt.Token);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorAttemptTimeoutException(options.Value.AttemptTimeout);
        }
    }
}

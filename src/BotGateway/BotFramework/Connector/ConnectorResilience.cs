using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// How sends to the Bot Connector survive throttling and hiccups: 429 waits as long as Retry-After says,
/// 5xx and timeouts back off exponentially, and the whole send gives up after a bounded time. Each attempt's own
/// timeout is <see cref="OutboundRateLimitHandler"/>'s, after its pacing wait, not one here around that wait.
/// </summary>
public static class ConnectorResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
        pipeline
            .AddTimeout(options.SendTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(20),
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                // Sends are not idempotent for every status: only what the connector did not take in is retried.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException or ConnectorAttemptTimeoutException } => true,
                    { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout } => true,
                    { Result.StatusCode: var status } when (int)status >= 500 => true,
                    _ => false,
                }),
            });
    }
}

using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// How sends to the Bot Connector survive throttling and hiccups: 429 waits as long as Retry-After says,
/// 5xx and timeouts back off exponentially, and the whole send gives up after a bounded time.
/// </summary>
public static class ConnectorResilience
{
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(60);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline
            .AddTimeout(TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 6,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(20),
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                // Sends are not idempotent for every status: only what the connector did not take in is retried.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout } => true,
                    { Result.StatusCode: var status } when (int)status >= 500 => true,
                    _ => false,
                }),
            })
            .AddTimeout(TimeSpan.FromSeconds(10));
    }
}

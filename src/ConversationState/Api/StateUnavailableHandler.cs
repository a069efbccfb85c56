using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Handoff.ConversationState.Api;

/// <summary>Redis down or slow is a 503 the caller can retry, never a 500.</summary>
internal sealed class StateUnavailableHandler(IProblemDetailsService problems, ILogger<StateUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisException or TimeoutException))
        {
            return false;
        }

        logger.LogWarning("Redis is unavailable: {Reason}", exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Conversation state is unavailable",
                Detail = "Redis did not answer. Retry shortly.",
            },
        });
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Handoff.ConversationState.Contexts;
using StackExchange.Redis;

namespace Handoff.ConversationState.Api;

/// <summary>
/// Maps the exceptions callers can cause or retry to answers with a reason: unreadable JSON is a 400,
/// Redis down or slow is a 503 with Retry-After. Neither is ever a 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException badRequest => (badRequest.StatusCode, "The request is not valid",
                badRequest.InnerException is { } inner ? $"{badRequest.Message} {inner.Message}" : badRequest.Message),
            UserLimitExceededException limit => (StatusCodes.Status429TooManyRequests, "Too many open handoffs", limit.Message),
            RedisException or TimeoutException => (StatusCodes.Status503ServiceUnavailable, "Conversation state is unavailable",
                "Redis did not answer. Retry shortly."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogRedisUnavailable(logger, exception.Message);
            httpContext.Response.Headers.RetryAfter = "2";
        }
        else
        {
            LogRejected(logger, status, detail);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unavailable: {Reason}")]
    private static partial void LogRedisUnavailable(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "Rejected a request with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string reason);
}

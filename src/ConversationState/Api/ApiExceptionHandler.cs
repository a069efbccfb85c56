using Microsoft.AspNetCore.Diagnostics;
using Handoff.Contracts.State;
using Handoff.ConversationState.Quotas;
using StackExchange.Redis;

namespace Handoff.ConversationState.Api;

/// <summary>
/// Maps the exceptions callers can cause or retry to answers with a reason: unreadable JSON is a 400,
/// Redis down, slow or full is a 503 with Retry-After,
/// a cap is a 429 whose problem type says whose. None is ever a 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, type) = exception switch
        {
            BadHttpRequestException badRequest => (badRequest.StatusCode, "The request is not valid",
                badRequest.InnerException is { } inner ? $"{badRequest.Message} {inner.Message}" : badRequest.Message, null),
            UserLimitExceededException limit => (StatusCodes.Status429TooManyRequests, "Too many handoffs for this user", limit.Message, StorageLimitProblems.User),
            TenantLimitExceededException limit => (StatusCodes.Status429TooManyRequests, "Too many handoffs for this tenant", limit.Message, StorageLimitProblems.Tenant),
            // noeviction: Redis refuses writes rather than drop what it holds; /health said Degraded long before.
            RedisServerException full when full.Message.StartsWith("OOM", StringComparison.Ordinal) => (StatusCodes.Status503ServiceUnavailable,
                "Conversation state is full", "Redis has reached its maxmemory and refuses writes until records expire. Retry later.", StorageLimitProblems.Full),
            RedisException or TimeoutException => (StatusCodes.Status503ServiceUnavailable, "Conversation state is unavailable",
                "Redis did not answer. Retry shortly.", null),
            _ => (0, "", "", null),
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
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = type },
        });
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unavailable: {Reason}")]
    private static partial void LogRedisUnavailable(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "Rejected a request with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string reason);
}

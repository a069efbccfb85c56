using Handoff.BotGateway.Agents;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Conversations;
using Handoff.BotGateway.Handoff.Feedback;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.RateLimiting;

namespace Handoff.BotGateway.BotFramework;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework endpoint: authenticate, then read at most
/// <see cref="MaxBodyBytes"/>, then route by activity type and invoke name.
/// </summary>
public static class MessagesEndpoint
{
    public const string Path = "/api/messages";

    /// <summary>Teams caps activities well below this; anything larger is not from Teams.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IInboundAuthenticator authenticator, ServiceUrlPolicy serviceUrls,
        AuthenticationMetrics authenticationMetrics, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint));
        var authentication = await authenticator.AuthenticateAsync(http.Request, cancellationToken);
        if (!authentication.Succeeded)
        {
            authenticationMetrics.Rejected(authentication.StatusCode, authentication.Code ?? "unknown");
            if (authentication.StatusCode == StatusCodes.Status401Unauthorized)
            {
                logger.LogDebug("Refused a request to {Path} with 401 ({Code}): {Reason}", Path, authentication.Code, authentication.Reason);
                return BotErrors.Unauthorized(http.Response);
            }

            logger.LogWarning("Refused a request to {Path} with {Status}: {Reason}", Path, authentication.StatusCode, authentication.Reason);
            return BotErrors.ServiceUnavailable(authentication.Reason ?? "The channel's token cannot be checked right now.");
        }

        if (JsonContentType.Refusal(http.Request) is { } contentTypeError)
        {
            return Reject(logger, StatusCodes.Status415UnsupportedMediaType, contentTypeError);
        }

        var body = await RequestBody.ReadAsync(http.Request, MaxBodyBytes, cancellationToken);
        if (body.Error is { } bodyError)
        {
            return Reject(logger, body.StatusCode, bodyError);
        }

        var read = ActivityReader.Read(body.Bytes);
        if (read.Activity is not { } activity)
        {
            return Reject(logger, StatusCodes.Status400BadRequest, read.Error!);
        }

        if (authentication.Authorize(activity) is { } forbidden)
        {
            logger.LogWarning("Refused a request to {Path} with 403: {Reason}", Path, forbidden);
            authenticationMetrics.Rejected(StatusCodes.Status403Forbidden, forbidden.Contains("endorsed", StringComparison.Ordinal) ? "endorsement" : "service_url");
            return BotErrors.Error(StatusCodes.Status403Forbidden, "Forbidden", forbidden);
        }

        if (!serviceUrls.IsAllowed(activity.ServiceUrl, out var serviceUrlError))
        {
            return Reject(logger, StatusCodes.Status400BadRequest, serviceUrlError);
        }

        var services = http.RequestServices;
        if (services.GetRequiredService<InboundRateLimiter>().Check(activity) is { } overLimit)
        {
            return services.GetRequiredService<RateLimitedActivityResponder>().Respond(activity, overLimit);
        }

        switch (activity.Type)
        {
            case ActivityTypes.Invoke when activity.IsInvoke(ComposeExtensionQueryHandler.InvokeName):
                return await services.GetRequiredService<ComposeExtensionQueryHandler>().HandleAsync(activity, cancellationToken);
            case ActivityTypes.Invoke when activity.IsInvoke(SelectItemHandler.InvokeName):
                return await services.GetRequiredService<SelectItemHandler>().HandleAsync(activity, cancellationToken);
            case ActivityTypes.Invoke when activity.IsInvoke(HandoffActionHandler.InvokeName):
                return await services.GetRequiredService<HandoffActionHandler>().HandleAsync(activity, cancellationToken);
            case ActivityTypes.Invoke when activity.IsInvoke(AgentFeedbackHandler.InvokeName):
                return services.GetRequiredService<AgentFeedbackHandler>().Handle(activity);
            case ActivityTypes.Invoke:
                return BotErrors.NotImplemented($"This bot does not handle the invoke '{activity.Name}'.");
            case ActivityTypes.Message:
                if (activity.From is null)
                {
                    return Reject(logger, StatusCodes.Status400BadRequest, "from is required on a message.");
                }

                // A 👍/👎 from a handoff's card: Teams sends Action.Submit data as a message's value.
                if (HandoffFeedbackValue.TryRead(activity.Value, out var feedback, out var feedbackError))
                {
                    await services.GetRequiredService<HandoffFeedbackHandler>().HandleAsync(activity, feedback, cancellationToken);
                    return Results.Ok();
                }

                if (feedbackError is not null)
                {
                    return Reject(logger, StatusCodes.Status400BadRequest, feedbackError);
                }

                // Acknowledged once the turn is queued; its answer follows from the turn worker (ConversationTurnWorker).
                await services.GetRequiredService<MessageTurnHandler>().AcceptAsync(activity, cancellationToken);
                return Results.Ok();
            case ActivityTypes.InstallationUpdate or ActivityTypes.ConversationUpdate when InstallationWelcome.IsBotAdded(activity):
                await services.GetRequiredService<InstallationWelcome>().WelcomeAsync(activity, cancellationToken);
                return Results.Ok();
            default:
                // Other conversationUpdate and installationUpdate activities, typing, …: acknowledged, nothing to do.
                return Results.Ok();
        }
    }

    private static IResult Reject(ILogger logger, int status, string reason)
    {
        logger.LogInformation("Rejected an activity with {Status}: {Reason}", status, reason);
        return BotErrors.Error(status, status == StatusCodes.Status400BadRequest ? "BadArgument" : "BadRequest", reason);
    }
}

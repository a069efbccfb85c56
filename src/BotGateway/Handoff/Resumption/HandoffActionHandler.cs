using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Delivery;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Localization;
using Handoff.BotGateway.Observability;
using System.Diagnostics;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.ServiceDefaults.Diagnostics;
using Handoff.ServiceDefaults.Observability;
using Handoff.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// Teams' <c>handoff/action</c> invoke: check its shape, hand the click to HandoffService over RabbitMQ, and
/// answer 200 with no body once the broker confirms; typing follows only if the user is left waiting.
/// </summary>
public sealed class HandoffActionHandler(
    IPublishEndpoint publisher,
    BrokerlessRedemption brokerless,
    BackgroundSends backgroundSends,
    TypingIndicator typing,
    TenantPolicy tenants,
    IOptions<BotIdentityOptions> identity,
    IOptions<HandoffPolicyOptions> policy,
    TimeProvider time,
    HandoffMetrics metrics,
    HandoffJournalWriter journal,
    QueryTraceLink queryTraceLink,
    ILogger<HandoffActionHandler> logger)
{
    public const string InvokeName = "handoff/action";

    /// <summary>Well inside the 15 s Bot Framework gives a turn.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public async Task<IResult> HandleAsync(IncomingActivity activity, CancellationToken cancellationToken)
    {
        if (!HandoffActionValue.TryReadContinuation(activity.Value, out var continuation, out var error)
            || !TeamsUser.TryResolve(activity, identity.Value.IsDevelopmentMode, out var user, out error))
        {
            // Logged: a deep link built with the wrong parameter name (context= instead of continuation=) shows up here.
            logger.LogInformation("Refused a handoff/action with 400: {Reason}", error);
            return BotErrors.BadRequest(error);
        }

        var address = activity.ReplyAddress();
        var language = ReplyLanguage.For(address.Locale);
        var reference = HandoffReference.ForToken(continuation);
        HandoffSpans.TagCorrelation(reference);
        journal.Record(reference, HandoffSteps.ClickReceived);
        if (activity.ConversationType is { } conversationType && !string.Equals(conversationType, "personal", StringComparison.OrdinalIgnoreCase))
        {
            // 200 to Teams: the invoke was understood; the token stays unused, so the same link works from the personal chat.
            backgroundSends.Enqueue(address, HandoffMessages.NotPersonalChatMessage(language, reference));
            logger.LogInformation("Handoff ref {Reference}: refused in a {ConversationType} conversation", reference, conversationType);
            return Results.Ok();
        }

        if (!tenants.IsAllowed(user.TenantId))
        {
            // 200 to Teams: the invoke was understood; the user reads why nothing happens.
            backgroundSends.Enqueue(address, HandoffMessages.RejectionMessage(HandoffRejectionReason.TenantNotAllowed, language, policy.Value.CopilotUrl, reference));
            metrics.Rejected(HandoffRejectionReason.TenantNotAllowed);
            journal.Record(reference, HandoffSteps.Rejected, $"reason {OutcomeTags.Of(HandoffRejectionReason.TenantNotAllowed)}, by the gateway");
            logger.LogInformation("Handoff ref {Reference}: refused, the tenant is not allowed", reference);
            return Results.Ok();
        }

        var clickSpan = Activity.Current;
        var queryLookup = queryTraceLink.FindAsync(reference);

        var correlationId = HandoffCorrelation.For(activity.ConversationId, activity.Id);
        var requested = new HandoffRequested(correlationId, continuation, user.AadObjectId, user.TenantId, address, time.GetUtcNow(), reference);
        typing.AfterClick(address);
        try
        {
            // Returned rather than dropped when no queue takes it (a broker just restarted): then it is redeemed here.
            await publisher.PublishRouted(requested, PublishTimeout, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Handoff {CorrelationId} (ref {Reference}): RabbitMQ did not take the click ({Reason}); redeeming without it",
                correlationId, reference, exception.Message);
            try
            {
                await brokerless.RedeemAsync(requested, cancellationToken);
            }
            catch (Exception fallback) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing was redeemed, so the same link works again once a dependency is back.
                logger.LogError("Handoff {CorrelationId} (ref {Reference}): could not redeem without RabbitMQ either: {Reason}", correlationId, reference, fallback.Message);
                journal.Record(reference, HandoffSteps.ClickNotQueued, "neither RabbitMQ nor the state service took it; the link still works");
                backgroundSends.Enqueue(address, HandoffMessages.NotQueuedMessage(language, reference));
                return BotErrors.ServiceUnavailable("The handoff could not be processed; open the link again in a minute.");
            }

            await QueryTraceLink.AddAsync(clickSpan, queryLookup);
            metrics.ClickAcknowledged(time.GetUtcNow() - requested.RequestedAt, user.TenantId);
            return Results.Ok();
        }

        HandoffLog.Requested(logger, correlationId, reference, user.AadObjectId, user.TenantId);
        journal.Record(reference, HandoffSteps.ClickPublished);
        await QueryTraceLink.AddAsync(clickSpan, queryLookup);
        metrics.ClickAcknowledged(time.GetUtcNow() - requested.RequestedAt, user.TenantId);
        return Results.Ok();
    }
}

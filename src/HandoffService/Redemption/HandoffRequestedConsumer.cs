using System.Diagnostics;
using System.Text.Json;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.HandoffService.Observability;
using Handoff.ServiceDefaults.Diagnostics;
using Handoff.ServiceDefaults.Observability;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.HandoffService.Redemption;

/// <summary>
/// Redeems the continuation token for the user who clicked, which also makes the context the conversation's
/// active task, and publishes the outcome for the gateway to tell the user.
/// </summary>
public sealed class HandoffRequestedConsumer(
    ConversationStateClient state,
    IOptions<RedemptionOptions> options,
    RedemptionMetrics metrics,
    HandoffJournalWriter journal,
    ILogger<HandoffRequestedConsumer> logger) : IConsumer<HandoffRequested>
{
    public async Task Consume(ConsumeContext<HandoffRequested> context)
    {
        var request = context.Message;
        var reference = request.Reference;
        HandoffSpans.TagCorrelation(reference);
        var started = Stopwatch.GetTimestamp();
        RedeemTokenResponse response;
        try
        {
            response = await state.RedeemAsync(new RedeemTokenRequest(
                request.ContinuationToken, request.UserAadObjectId, request.TenantId,
                request.Conversation.ConversationId, request.CorrelationId.ToString("N")), context.CancellationToken);
        }
        catch (Exception exception) when (IsTransient(exception))
        {
            var attempt = context.GetRetryAttempt();
            var retries = options.Value.EffectiveRetryIntervals.Length;
            if (attempt >= retries)
            {
                // Retries are spent: the user hears that the state store is unavailable instead of nothing at all.
                logger.LogError("Handoff {CorrelationId} (ref {Reference}): conversation state unavailable after {Retries} retries: {Reason}",
                    request.CorrelationId, reference, retries, exception.Message);
                metrics.Attempted(RedemptionMetrics.Failed, Tag(HandoffRejectionReason.StateUnavailable), Stopwatch.GetElapsedTime(started), request.TenantId);
                journal.Record(reference, HandoffSteps.Rejected, $"reason state_unavailable after {retries} retries");
                await context.Publish(new HandoffRejected(request.CorrelationId, request.Conversation,
                    HandoffRejectionReason.StateUnavailable, request.RequestedAt, reference));
                return;
            }

            metrics.Attempted(RedemptionMetrics.Delayed, null, Stopwatch.GetElapsedTime(started), request.TenantId);
            if (attempt == 0)
            {
                // Not dropped, only late: say so once, then keep retrying.
                logger.LogWarning("Handoff {CorrelationId} (ref {Reference}): conversation state unavailable, retrying: {Reason}",
                    request.CorrelationId, reference, exception.Message);
                journal.Record(reference, HandoffSteps.Delayed, "conversation state unavailable; retrying");
                await context.Publish(new HandoffDelayed(request.CorrelationId, request.Conversation, request.RequestedAt, reference));
            }

            throw;
        }
        catch (ConversationStateException exception)
        {
            // Not going to get better by retrying (the state service refused the request): tell the user now.
            logger.LogError("Handoff {CorrelationId} (ref {Reference}): the state service refused the redemption: {Reason}",
                request.CorrelationId, reference, exception.Message);
            metrics.Attempted(RedemptionMetrics.Failed, Tag(HandoffRejectionReason.Unknown), Stopwatch.GetElapsedTime(started), request.TenantId);
            journal.Record(reference, HandoffSteps.Rejected, $"reason unknown: the state service answered {(int)exception.Status}");
            await context.Publish(new HandoffRejected(request.CorrelationId, request.Conversation, HandoffRejectionReason.Unknown, request.RequestedAt, reference));
            return;
        }

        if (response.Task is { } task)
        {
            logger.LogInformation("Handoff {CorrelationId} (ref {Reference}): context restored, task {TaskId}", request.CorrelationId, reference, task.Context.Item.Id);
            metrics.Attempted(RedemptionMetrics.Redeemed, null, Stopwatch.GetElapsedTime(started), request.TenantId);
            journal.Record(reference, HandoffSteps.Redeemed);
            await context.Publish(new HandoffContextRestored(request.CorrelationId, request.Conversation, task, request.RequestedAt, reference));
        }
        else
        {
            var reason = response.Rejection ?? HandoffRejectionReason.Unknown;
            logger.LogInformation("Handoff {CorrelationId} (ref {Reference}): rejected ({Reason})", request.CorrelationId, reference, reason);
            metrics.Attempted(RedemptionMetrics.Rejected, Tag(reason), Stopwatch.GetElapsedTime(started), request.TenantId);
            journal.Record(reference, HandoffSteps.Rejected, $"reason {Tag(reason)}");
            await context.Publish(new HandoffRejected(request.CorrelationId, request.Conversation, reason, request.RequestedAt, reference, response.Earlier));
        }
    }

    /// <summary>The reason as the gateway's metric tags spell it (<c>already_used</c>).</summary>
    private static string Tag(HandoffRejectionReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());

    private static bool IsTransient(Exception exception) => exception is ConversationStateException { IsTransient: true };
}

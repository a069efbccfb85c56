using System.Diagnostics;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.HandoffService.Observability;
using Handoff.ServiceDefaults.Diagnostics;
using Handoff.ServiceDefaults.Messaging;
using Handoff.ServiceDefaults.Observability;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Handoff.HandoffService.Redemption;

/// <summary>
/// Redeems the continuation token for the user who clicked, which also makes the context the conversation's
/// active task, and publishes the outcome for the gateway to tell the user (<see cref="RedemptionOutcome"/>).
/// Its retry policy is <see cref="HandoffRequestedConsumerDefinition"/>'s. An outcome no queue takes (a broker just
/// restarted) fails the consume and is retried: redeeming again with the same redemption id replays the same outcome,
/// and an outcome is counted and journaled once it is published.
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
            response = await state.RedeemAsync(RedeemTokenRequest.For(request), context.CancellationToken);
        }
        catch (ConversationStateException exception) when (exception.IsTransient)
        {
            var attempt = context.GetRetryAttempt();
            var retries = options.Value.EffectiveRetryIntervals.Length;
            if (attempt >= retries)
            {
                // Retries are spent: the user hears that the state store is unavailable instead of nothing at all.
                await context.PublishRouted(RedemptionOutcome.Failed(request, HandoffRejectionReason.StateUnavailable), context.CancellationToken);
                RedemptionLog.StateGone(logger, request.CorrelationId, reference, retries, exception.Message);
                metrics.Attempted(RedemptionMetrics.Failed, OutcomeTags.Of(HandoffRejectionReason.StateUnavailable), Stopwatch.GetElapsedTime(started), request.TenantId);
                journal.Record(reference, HandoffSteps.Rejected, $"reason {OutcomeTags.Of(HandoffRejectionReason.StateUnavailable)} after {retries} retries");
                return;
            }

            metrics.Attempted(RedemptionMetrics.Delayed, null, Stopwatch.GetElapsedTime(started), request.TenantId);
            if (attempt == 0)
            {
                // Not dropped, only late: say so once, then keep retrying.
                await context.PublishRouted(RedemptionOutcome.Delayed(request), context.CancellationToken);
                RedemptionLog.StateAway(logger, request.CorrelationId, reference, exception.Message);
                journal.Record(reference, HandoffSteps.Delayed, "conversation state unavailable; retrying");
            }

            throw;
        }
        catch (ConversationStateException exception)
        {
            // Not going to get better by retrying (the state service refused the request): tell the user now.
            await context.PublishRouted(RedemptionOutcome.Failed(request, HandoffRejectionReason.Unknown), context.CancellationToken);
            RedemptionLog.Refused(logger, request.CorrelationId, reference, exception.Message);
            metrics.Attempted(RedemptionMetrics.Failed, OutcomeTags.Of(HandoffRejectionReason.Unknown), Stopwatch.GetElapsedTime(started), request.TenantId);
            journal.Record(reference, HandoffSteps.Rejected, $"reason {OutcomeTags.Of(HandoffRejectionReason.Unknown)}: the state service answered {(int)exception.Status}");
            return;
        }

        var outcome = RedemptionOutcome.For(request, response);
        if (outcome is HandoffRejected rejected)
        {
            var tag = OutcomeTags.Of(rejected.Reason);
            await context.PublishRouted(rejected, context.CancellationToken);
            RedemptionLog.Rejected(logger, request.CorrelationId, reference, tag);
            metrics.Attempted(RedemptionMetrics.Rejected, tag, Stopwatch.GetElapsedTime(started), request.TenantId);
            journal.Record(reference, HandoffSteps.Rejected, $"reason {tag}");
            return;
        }

        await context.PublishRouted((HandoffContextRestored)outcome, context.CancellationToken);
        RedemptionLog.Redeemed(logger, request.CorrelationId, reference);
        metrics.Attempted(RedemptionMetrics.Redeemed, null, Stopwatch.GetElapsedTime(started), request.TenantId);
        journal.Record(reference, HandoffSteps.Redeemed);
    }
}

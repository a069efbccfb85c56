using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
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
    ILogger<HandoffRequestedConsumer> logger) : IConsumer<HandoffRequested>
{
    public async Task Consume(ConsumeContext<HandoffRequested> context)
    {
        var request = context.Message;
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
                logger.LogError("Handoff {CorrelationId}: conversation state unavailable after {Retries} retries: {Reason}",
                    request.CorrelationId, retries, exception.Message);
                await context.Publish(new HandoffRejected(request.CorrelationId, request.Conversation,
                    HandoffRejectionReason.StateUnavailable, request.RequestedAt));
                return;
            }

            if (attempt == 0)
            {
                // Not dropped, only late: say so once, then keep retrying.
                logger.LogWarning("Handoff {CorrelationId}: conversation state unavailable, retrying: {Reason}", request.CorrelationId, exception.Message);
                await context.Publish(new HandoffDelayed(request.CorrelationId, request.Conversation, request.RequestedAt));
            }

            throw;
        }
        catch (ConversationStateException exception)
        {
            // Not going to get better by retrying (the state service refused the request): tell the user now.
            logger.LogError("Handoff {CorrelationId}: the state service refused the redemption: {Reason}", request.CorrelationId, exception.Message);
            await context.Publish(new HandoffRejected(request.CorrelationId, request.Conversation, HandoffRejectionReason.Unknown, request.RequestedAt));
            return;
        }

        if (response.Task is { } task)
        {
            logger.LogInformation("Handoff {CorrelationId}: context restored, task {TaskId}", request.CorrelationId, task.Context.Item.Id);
            await context.Publish(new HandoffContextRestored(request.CorrelationId, request.Conversation, task, request.RequestedAt));
        }
        else
        {
            var reason = response.Rejection ?? HandoffRejectionReason.Unknown;
            logger.LogInformation("Handoff {CorrelationId}: rejected ({Reason})", request.CorrelationId, reason);
            await context.Publish(new HandoffRejected(request.CorrelationId, request.Conversation, reason, request.RequestedAt));
        }
    }

    private static bool IsTransient(Exception exception) => exception is ConversationStateException { IsTransient: true };
}

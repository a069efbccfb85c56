using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using MassTransit;

namespace Handoff.HandoffService.Redemption;

/// <summary>
/// Redeems the continuation token for the user who clicked, which also makes the context the conversation's
/// active task, and publishes the outcome for the gateway to tell the user.
/// </summary>
public sealed class HandoffRequestedConsumer(ConversationStateClient state, ILogger<HandoffRequestedConsumer> logger)
    : IConsumer<HandoffRequested>
{
    public const int MaxRetries = 5;

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
        catch (Exception exception) when (IsTransient(exception) && context.GetRetryAttempt() >= MaxRetries)
        {
            // Retries are spent: the user hears that the state store is unavailable instead of nothing at all.
            logger.LogError("Handoff {CorrelationId}: conversation state unavailable after {Retries} retries: {Reason}",
                request.CorrelationId, MaxRetries, exception.Message);
            await context.Publish(new HandoffRejected(request.CorrelationId, request.Conversation,
                HandoffRejectionReason.StateUnavailable, request.RequestedAt));
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

    private static bool IsTransient(Exception exception) =>
        exception is HttpRequestException or TaskCanceledException
        || exception is ConversationStateException { IsTransient: true }
        || exception.InnerException is not null && IsTransient(exception.InnerException);
}

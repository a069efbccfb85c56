using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.Contracts.Diagnostics;
using Handoff.ServiceDefaults.Diagnostics;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// When RabbitMQ cannot take a click, the gateway redeems it itself, the way HandoffService would (same
/// redemption id, same once-only notices), so the user is not left waiting for a broker. The token is never
/// parked anywhere meanwhile.
/// </summary>
public sealed class BrokerlessRedemption(ConversationStateClient state, OutcomeNotifier notifier, HandoffJournalWriter journal, ILogger<BrokerlessRedemption> logger)
{
    /// <summary>Throws only when the token could not be redeemed (it is then still valid); telling the user is best effort.</summary>
    public async Task RedeemAsync(HandoffRequested request, CancellationToken cancellationToken)
    {
        var response = await state.RedeemAsync(new RedeemTokenRequest(request.ContinuationToken, request.UserAadObjectId, request.TenantId,
            request.Conversation.ConversationId, request.CorrelationId.ToString("N")), cancellationToken);
        try
        {
            if (response.Task is { } task)
            {
                journal.Record(request.Reference, HandoffSteps.RedeemedWithoutBroker);
                journal.Record(request.Reference, HandoffSteps.Redeemed, "by the gateway");
                await notifier.WelcomeAsync(new HandoffContextRestored(request.CorrelationId, request.Conversation, task, request.RequestedAt, request.Reference), cancellationToken);
            }
            else
            {
                var reason = response.Rejection ?? HandoffRejectionReason.Unknown;
                journal.Record(request.Reference, HandoffSteps.RedeemedWithoutBroker);
                journal.Record(request.Reference, HandoffSteps.Rejected, $"reason {HandoffMessages.MetricTag(reason)}, by the gateway");
                await notifier.RejectedAsync(new HandoffRejected(request.CorrelationId, request.Conversation,
                    reason, request.RequestedAt, request.Reference), cancellationToken);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Redeemed: the task is in the chat, and the user's next message finds it. (If a publish that timed
            // out did reach HandoffService after all, its copy of the outcome sends the welcome.)
            logger.LogWarning("Handoff {CorrelationId}: redeemed without RabbitMQ, but the user could not be told: {Reason}", request.CorrelationId, exception.Message);
        }
    }
}

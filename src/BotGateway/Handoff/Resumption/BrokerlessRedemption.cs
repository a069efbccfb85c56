using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// When RabbitMQ cannot take a click, the gateway redeems it itself, the way HandoffService would (same
/// redemption id, same once-only notices), so the user is not left waiting for a broker. The token is never
/// parked anywhere meanwhile.
/// </summary>
public sealed class BrokerlessRedemption(ConversationStateClient state, OutcomeNotifier notifier)
{
    public async Task RedeemAsync(HandoffRequested request, CancellationToken cancellationToken)
    {
        var response = await state.RedeemAsync(new RedeemTokenRequest(request.ContinuationToken, request.UserAadObjectId, request.TenantId,
            request.Conversation.ConversationId, request.CorrelationId.ToString("N")), cancellationToken);
        if (response.Task is { } task)
        {
            await notifier.WelcomeAsync(new HandoffContextRestored(request.CorrelationId, request.Conversation, task, request.RequestedAt), cancellationToken);
        }
        else
        {
            await notifier.RejectedAsync(new HandoffRejected(request.CorrelationId, request.Conversation,
                response.Rejection ?? HandoffRejectionReason.Unknown, request.RequestedAt), cancellationToken);
        }
    }
}

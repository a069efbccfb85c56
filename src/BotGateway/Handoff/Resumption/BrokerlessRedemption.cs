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
public sealed class BrokerlessRedemption(ConversationStateClient state, OutcomeNotifier notifier, HandoffJournalWriter journal,
    BackgroundRetries retries, ILogger<BrokerlessRedemption> logger)
{
    /// <summary>
    /// Throws only when the token could not be redeemed (it is then still valid). Once it is redeemed the click is
    /// acknowledged, so telling the user must still happen: if it cannot now, it is retried in the background.
    /// </summary>
    public async Task RedeemAsync(HandoffRequested request, CancellationToken cancellationToken)
    {
        var response = await state.RedeemAsync(new RedeemTokenRequest(request.ContinuationToken, request.UserAadObjectId, request.TenantId,
            request.Conversation.ConversationId, request.CorrelationId.ToString("N")), cancellationToken);
        Func<CancellationToken, Task> tellUser;
        journal.Record(request.Reference, HandoffSteps.RedeemedWithoutBroker);
        if (response.Task is { } task)
        {
            journal.Record(request.Reference, HandoffSteps.Redeemed, "by the gateway");
            var restored = new HandoffContextRestored(request.CorrelationId, request.Conversation, task, request.RequestedAt, request.Reference);
            tellUser = token => notifier.WelcomeAsync(restored, token);
        }
        else
        {
            var reason = response.Rejection ?? HandoffRejectionReason.Unknown;
            journal.Record(request.Reference, HandoffSteps.Rejected, $"reason {HandoffMessages.MetricTag(reason)}, by the gateway");
            var rejected = new HandoffRejected(request.CorrelationId, request.Conversation, reason, request.RequestedAt, request.Reference, response.Earlier);
            tellUser = token => notifier.RejectedAsync(rejected, token);
        }

        try
        {
            await tellUser(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The click is acknowledged either way: leaving the user untold here lost the handoff (BrokerFailoverTests,
            // ConversationState unreachable during a Redis failover). The claims keep a late welcome to one.
            logger.LogWarning("Handoff {CorrelationId}: redeemed without RabbitMQ, but the user could not be told yet ({Reason}); trying again every second",
                request.CorrelationId, exception.Message);
            retries.Add($"tell the user about handoff {request.CorrelationId} (ref {request.Reference})", tellUser);
        }
    }
}

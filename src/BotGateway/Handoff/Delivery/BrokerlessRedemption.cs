using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.ServiceDefaults.Diagnostics;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// When RabbitMQ cannot take a click, the gateway redeems it itself, the way HandoffService would (same
/// redemption id, same <see cref="RedemptionOutcome"/>, same once-only notices), so the user is not left waiting
/// for a broker. The token is never parked anywhere meanwhile.
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
        journal.Record(request.Reference, HandoffSteps.RedeemedWithoutBroker);
        Func<CancellationToken, Task> tellUser;
        var outcome = RedemptionOutcome.For(request, response);
        if (outcome is HandoffContextRestored restored)
        {
            journal.Record(request.Reference, HandoffSteps.Redeemed, "by the gateway");
            tellUser = token => notifier.WelcomeAsync(restored, token);
        }
        else
        {
            var rejected = (HandoffRejected)outcome;
            journal.Record(request.Reference, HandoffSteps.Rejected, $"reason {OutcomeTags.Of(rejected.Reason)}, by the gateway");
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
            DeliveryLog.BrokerlessUntold(logger, request.CorrelationId, exception.Message);
            retries.Add($"tell the user about handoff {request.CorrelationId} (ref {request.Reference})", tellUser);
        }
    }
}

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
    BackgroundRetries retries)
{
    /// <summary>
    /// Throws only when the token could not be redeemed (it is then still valid). Once it is redeemed the click is
    /// acknowledged, so telling the user must still happen: it starts at once, beside the click's answer, and is
    /// retried in the background until it is done.
    /// </summary>
    public async Task RedeemAsync(HandoffRequested request, CancellationToken cancellationToken)
    {
        var response = await state.RedeemAsync(RedeemTokenRequest.For(request), cancellationToken);
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

        // Not awaited: the click's answer must reach Teams inside its turn, and a welcome's claim, send and mark can
        // each wait out their timeouts while Redis fails over (BrokerFailoverTests saw a click go unanswered for 30 s).
        retries.Add($"tell the user about handoff {request.CorrelationId} (ref {request.Reference})", tellUser, firstAttemptNow: true);
    }
}

using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// Tells the user about a handoff once per correlation id and notice, however often its event arrives (RabbitMQ
/// redelivery, a redemption replayed after a crash, an invoke Teams re-sent with the same id): one claim in
/// ConversationState per notice, a short lease renewed while sending, so a gateway that dies mid-send frees it within
/// seconds for the redelivered event. A retry here takes back a lease its own timed-out claim won (<see cref="DeliveriesInHand"/>).
/// The mark "sent" rides on this gateway's next claim (<see cref="SentDeliveries"/>).
/// When the state service cannot be asked, an outcome waits (its consumer retries: sending blind could welcome twice)
/// but a delay notice is sent anyway (a late one is useless).
/// </summary>
public sealed class OutcomeDelivery(ConversationStateClient state, SentDeliveries sent, DeliveriesInHand inHand, TimeProvider time, ILogger<OutcomeDelivery> logger)
{
    public const string OutcomeNotice = "outcome";

    /// <param name="notice">Which notice of the handoff this is (the outcome, or a delay notice): each is sent once.</param>
    /// <returns>Whether this call sent it (false when the user had been told already).</returns>
    public Task<bool> DeliverOnceAsync(Guid correlationId, Func<CancellationToken, Task> send, CancellationToken cancellationToken, string notice = OutcomeNotice) =>
        // The welcome's id predates the one-activity welcome (ADR 0013): an outcome an older gateway sent is not sent again.
        DeliverOnceAsync(correlationId, $"{correlationId:N}-{notice}", send, sendUnclaimed: notice != OutcomeNotice, cancellationToken);

    /// <summary>The same once-only delivery under an id of the caller's (a conversation turn's answer, keyed by its activity).</summary>
    /// <param name="sendUnclaimed">Send anyway when ConversationState cannot be asked (a late notice is useless); else the call throws and is retried.</param>
    public Task<bool> DeliverOnceAsync(Guid correlationId, string deliveryId, Func<CancellationToken, Task> send, bool sendUnclaimed,
        CancellationToken cancellationToken) =>
        DeliverOnceAsync(correlationId, deliveryId, NoTask, (_, token) => send(token), sendUnclaimed, cancellationToken);

    /// <summary>
    /// The welcome, under the outcome's id: its claim also fetches the task it welcomes, since the event carries only the
    /// handoff's reference (<see cref="HandoffContextRestored"/>).
    /// </summary>
    /// <param name="send">Called with the task, or with null when the conversation no longer holds it from this redemption
    /// (forgotten, replaced, switched away from): the delivery is then done with nothing to send.</param>
    public Task<bool> DeliverWelcomeOnceAsync(HandoffContextRestored restored, Func<ActiveTask?, CancellationToken, Task> send, CancellationToken cancellationToken) =>
        DeliverOnceAsync(restored.CorrelationId, OutcomeId(restored.CorrelationId),
            NoTask with { TaskOf = new TaskOfRedemption(restored.Conversation.ConversationId, RedeemTokenRequest.RedemptionIdOf(restored.CorrelationId)) },
            (answer, token) => send(answer?.Task, token), sendUnclaimed: false, cancellationToken);

    /// <summary>The notice that the owner is already continuing the task of <paramref name="earlier"/>: its claim brings where that task stands.</summary>
    /// <param name="send">Called with the task's standing, or with null when the conversation holds it no more.</param>
    public Task<bool> DeliverAlreadyContinuingOnceAsync(HandoffRejected rejected, EarlierRedemptionNotice earlier, Func<EarlierRedemption?, CancellationToken, Task> send,
        CancellationToken cancellationToken) =>
        DeliverOnceAsync(rejected.CorrelationId, OutcomeId(rejected.CorrelationId),
            NoTask with { EarlierOf = earlier.RedemptionId is { } redemptionId ? new TaskOfRedemption(rejected.Conversation.ConversationId, redemptionId) : null },
            (answer, token) => send(answer?.Earlier, token), sendUnclaimed: false, cancellationToken);

    private static readonly ClaimDeliveryRequest NoTask = new([]);

    private static string OutcomeId(Guid correlationId) => $"{correlationId:N}-{OutcomeNotice}";

    /// <param name="wanted">What the claim asks for besides the claim (its marks are added here).</param>
    private async Task<bool> DeliverOnceAsync(Guid correlationId, string deliveryId, ClaimDeliveryRequest wanted, Func<DeliveryClaimResponse?, CancellationToken, Task> send,
        bool sendUnclaimed, CancellationToken cancellationToken)
    {
        if (sent.WasSentHere(deliveryId))
        {
            // Sent by this gateway on an earlier attempt; its mark is on its way.
            return false;
        }

        if (!inHand.TryTake(deliveryId))
        {
            throw new DeliveryInProgressException(correlationId);
        }

        try
        {
            return await ClaimAndSendAsync(correlationId, deliveryId, wanted, send, sendUnclaimed, cancellationToken);
        }
        finally
        {
            inHand.Done(deliveryId);
        }
    }

    private async Task<bool> ClaimAndSendAsync(Guid correlationId, string deliveryId, ClaimDeliveryRequest wanted, Func<DeliveryClaimResponse?, CancellationToken, Task> send,
        bool sendUnclaimed, CancellationToken cancellationToken)
    {
        var answer = await ClaimAsync(correlationId, deliveryId, wanted, sendUnclaimed, cancellationToken);
        if (answer is null)
        {
            await send(null, cancellationToken);
            return true;
        }

        switch (answer.Claim)
        {
            case DeliveryClaim.AlreadySent:
                DeliveryLog.AlreadySent(logger, correlationId, deliveryId);
                return false;
            case DeliveryClaim.InProgress:
                // Another delivery is sending (or its sender died and the lease has not run out): retried later.
                throw new DeliveryInProgressException(correlationId);
        }

        using var sending = new CancellationTokenSource();
        var renewal = RenewWhileSendingAsync(correlationId, deliveryId, sending.Token);
        try
        {
            // Not the consumer's token: MassTransit cancels it when RabbitMQ goes away, and a send cancelled after
            // the connector took it is released, so the redelivery sends it again (seen in CrashRecoveryTests).
            // Once claimed, a message is sent to the end; the connector client's own timeouts bound it.
            await send(answer, CancellationToken.None);
        }
        catch
        {
            await sending.CancelAsync();
            await renewal;
            await ReleaseQuietlyAsync(deliveryId);
            throw;
        }

        await sending.CancelAsync();
        await renewal;
        sent.Add(deliveryId);
        return true;
    }

    /// <returns>The claim; null for a notice sent without one because the state service could not be asked.</returns>
    private async Task<DeliveryClaimResponse?> ClaimAsync(Guid correlationId, string deliveryId, ClaimDeliveryRequest wanted, bool sendUnclaimed,
        CancellationToken cancellationToken)
    {
        var marks = sent.TakeMarks();
        try
        {
            var claim = await state.ClaimDeliveryAsync(deliveryId, wanted with { Sent = marks, Holder = inHand.Holder }, cancellationToken);
            sent.Marked(marks);
            return claim;
        }
        catch (ConversationStateException exception) when (exception.IsTransient && sendUnclaimed)
        {
            sent.Unmarked(marks);
            DeliveryLog.SentUnclaimed(logger, correlationId, deliveryId, exception.Message);
            return null;
        }
        catch
        {
            sent.Unmarked(marks);
            throw;
        }
    }

    private async Task RenewWhileSendingAsync(Guid correlationId, string deliveryId, CancellationToken sending)
    {
        try
        {
            while (true)
            {
                await Task.Delay(DeliveryLease.RenewEvery, time, sending);
                try
                {
                    if (!await state.RenewDeliveryAsync(deliveryId, sending))
                    {
                        DeliveryLog.LeaseLost(logger, correlationId);
                        return;
                    }
                }
                catch (ConversationStateException exception)
                {
                    DeliveryLog.RenewFailed(logger, correlationId, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (sending.IsCancellationRequested)
        {
            // Sending finished.
        }
    }

    private async Task ReleaseQuietlyAsync(string deliveryId)
    {
        try
        {
            await state.ReleaseDeliveryAsync(deliveryId, CancellationToken.None);
        }
        catch (ConversationStateException)
        {
            // The lease runs out by itself.
        }
    }
}

public sealed class DeliveryInProgressException(Guid correlationId)
    : Exception($"The outcome of handoff {correlationId} is being delivered by another consumer.");

using Handoff.Contracts.Clients;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// Tells the user about a handoff once per correlation id and notice, however often its event arrives (RabbitMQ
/// redelivery, a redemption replayed after a crash, an invoke Teams re-sent with the same id): one claim in
/// ConversationState per notice, a short lease renewed while sending, so a gateway that dies mid-send frees it within
/// seconds for the redelivered event. The mark "sent" rides on this gateway's next claim (<see cref="SentDeliveries"/>).
/// When the state service cannot be asked, an outcome waits (its consumer retries: sending blind could welcome twice)
/// but a delay notice is sent anyway (a late one is useless).
/// </summary>
public sealed class OutcomeDelivery(ConversationStateClient state, SentDeliveries sent, TimeProvider time, ILogger<OutcomeDelivery> logger)
{
    public const string OutcomeNotice = "outcome";

    /// <param name="notice">Which notice of the handoff this is (the outcome, or a delay notice): each is sent once.</param>
    /// <returns>Whether this call sent it (false when the user had been told already).</returns>
    public Task<bool> DeliverOnceAsync(Guid correlationId, Func<CancellationToken, Task> send, CancellationToken cancellationToken, string notice = OutcomeNotice) =>
        // The welcome's id predates the one-activity welcome (ADR 0013): an outcome an older gateway sent is not sent again.
        DeliverOnceAsync(correlationId, $"{correlationId:N}-{notice}", send, sendUnclaimed: notice != OutcomeNotice, cancellationToken);

    /// <summary>The same once-only delivery under an id of the caller's (a conversation turn's answer, keyed by its activity).</summary>
    /// <param name="sendUnclaimed">Send anyway when ConversationState cannot be asked (a late notice is useless); else the call throws and is retried.</param>
    public async Task<bool> DeliverOnceAsync(Guid correlationId, string deliveryId, Func<CancellationToken, Task> send, bool sendUnclaimed,
        CancellationToken cancellationToken)
    {
        if (sent.WasSentHere(deliveryId))
        {
            // Sent by this gateway on an earlier attempt; its mark is on its way.
            return false;
        }

        var claim = await ClaimAsync(correlationId, deliveryId, sendUnclaimed, cancellationToken);
        switch (claim)
        {
            case null:
                await send(cancellationToken);
                return true;
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
            await send(CancellationToken.None);
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
    private async Task<DeliveryClaim?> ClaimAsync(Guid correlationId, string deliveryId, bool sendUnclaimed, CancellationToken cancellationToken)
    {
        var marks = sent.TakeMarks();
        try
        {
            var claim = await state.ClaimDeliveryAsync(deliveryId, marks, cancellationToken);
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

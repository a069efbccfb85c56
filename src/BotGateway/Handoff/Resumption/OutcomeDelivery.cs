using Handoff.Contracts.Clients;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// Tells the user about a handoff once per correlation id, however often its outcome event arrives
/// (RabbitMQ redelivery, a redemption replayed after a crash, an invoke Teams re-sent with the same id).
/// The claim is a short lease renewed while sending, so a gateway that dies mid-send frees it within
/// seconds for the redelivered event. When the state service cannot be asked, an outcome waits (MassTransit
/// retries it: sending blind could welcome twice) but a delay notice is sent anyway (a late one is useless).
/// </summary>
public sealed class OutcomeDelivery(ConversationStateClient state, RecentlySentDeliveries recentlySent, BackgroundRetries retries, ILogger<OutcomeDelivery> logger)
{
    public const string OutcomeNotice = "outcome";

    /// <param name="notice">Which notice of the handoff this is (the outcome, or a delay notice): each is sent once.</param>
    /// <returns>Whether this call sent it (false when the user had been told already).</returns>
    public Task<bool> DeliverOnceAsync(Guid correlationId, Func<CancellationToken, Task> send, CancellationToken cancellationToken, string notice = OutcomeNotice) =>
        DeliverOnceAsync(correlationId, [send], cancellationToken, notice);

    /// <summary>
    /// A notice of several messages is claimed message by message: a gateway that dies between two of them
    /// leaves the redelivery to send only what the user has not seen.
    /// </summary>
    /// <returns>Whether this call sent the last message (false when the user had it already).</returns>
    public async Task<bool> DeliverOnceAsync(Guid correlationId, IReadOnlyList<Func<CancellationToken, Task>> messages, CancellationToken cancellationToken, string notice = OutcomeNotice)
    {
        var sentLast = false;
        for (var index = 0; index < messages.Count; index++)
        {
            // The first message keeps the notice's own id, so deliveries recorded before messages were claimed one by one still count.
            var deliveryId = index == 0 ? $"{correlationId:N}-{notice}" : $"{correlationId:N}-{notice}-{index + 1}";
            sentLast = await DeliverMessageOnceAsync(correlationId, deliveryId, messages[index], notice, cancellationToken);
        }

        return sentLast;
    }

    private async Task<bool> DeliverMessageOnceAsync(Guid correlationId, string deliveryId, Func<CancellationToken, Task> send, string notice, CancellationToken cancellationToken)
    {
        if (recentlySent.WasSent(deliveryId))
        {
            // Sent by this gateway on an earlier attempt whose "mark sent" failed: mark it now, never resend it.
            await MarkSentAsync(correlationId, deliveryId);
            return false;
        }

        DeliveryClaim claim;
        try
        {
            claim = await state.ClaimDeliveryAsync(deliveryId, cancellationToken);
        }
        catch (ConversationStateException exception) when (exception.IsTransient && notice != OutcomeNotice)
        {
            logger.LogWarning("Handoff {CorrelationId}: cannot check whether the user was told already ({Reason}); sending the {Notice} notice now",
                correlationId, exception.Message, notice);
            await send(cancellationToken);
            return true;
        }

        switch (claim)
        {
            case DeliveryClaim.AlreadySent:
                logger.LogInformation("Handoff {CorrelationId}: the user has {DeliveryId} already; not sending it again", correlationId, deliveryId);
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
        recentlySent.Remember(deliveryId);
        await MarkSentAsync(correlationId, deliveryId);
        return true;
    }

    /// <summary>
    /// Marks a sent message sent, trying for a while (ConversationState restarts in seconds). If it still
    /// cannot, a retry on this gateway skips the message (<see cref="RecentlySentDeliveries"/>) and the mark is
    /// left to <see cref="BackgroundRetries"/>; failing here would have the event retried and the message sent twice. Not cancelled with the consumer either: with several
    /// gateway replicas the redelivery may land on one that does not remember the send.
    /// </summary>
    private async Task MarkSentAsync(Guid correlationId, string deliveryId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await state.CompleteDeliveryAsync(deliveryId, CancellationToken.None);
                recentlySent.Forget(deliveryId);
                return;
            }
            catch (ConversationStateException exception) when (attempt < 6)
            {
                logger.LogWarning("Handoff {CorrelationId}: sent, but could not mark it sent yet ({Reason}); trying again", correlationId, exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt)), CancellationToken.None);
            }
            catch (ConversationStateException exception)
            {
                logger.LogWarning("Handoff {CorrelationId}: sent, but could not mark it sent ({Reason}); this gateway will not send it again and keeps trying to mark it",
                    correlationId, exception.Message);
                retries.Add($"mark {deliveryId} of handoff {correlationId} sent", token => state.CompleteDeliveryAsync(deliveryId, token));
                return;
            }
        }
    }

    private async Task RenewWhileSendingAsync(Guid correlationId, string deliveryId, CancellationToken sending)
    {
        try
        {
            while (true)
            {
                await Task.Delay(DeliveryLease.RenewEvery, sending);
                try
                {
                    if (!await state.RenewDeliveryAsync(deliveryId, sending))
                    {
                        logger.LogWarning("Handoff {CorrelationId}: the claim ran out while sending; a redelivery may send it too", correlationId);
                        return;
                    }
                }
                catch (ConversationStateException exception)
                {
                    logger.LogWarning("Handoff {CorrelationId}: could not renew the claim ({Reason})", correlationId, exception.Message);
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

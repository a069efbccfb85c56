using Handoff.Contracts.Clients;
using Handoff.Contracts.State;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// Tells the user about a handoff once per correlation id, however often its outcome event arrives
/// (RabbitMQ redelivery, a redemption replayed after a crash, an invoke Teams re-sent with the same id).
/// If the state service cannot be asked, it sends anyway: a rare duplicate beats a lost welcome.
/// </summary>
public sealed class OutcomeDelivery(ConversationStateClient state, ILogger<OutcomeDelivery> logger)
{
    /// <param name="notice">Which notice of the handoff this is (the outcome, or a delay notice): each is sent once.</param>
    public async Task DeliverOnceAsync(Guid correlationId, Func<CancellationToken, Task> send, CancellationToken cancellationToken, string notice = "outcome")
    {
        var deliveryId = $"{correlationId:N}-{notice}";
        DeliveryClaim claim;
        try
        {
            claim = await state.ClaimDeliveryAsync(deliveryId, cancellationToken);
        }
        catch (ConversationStateException exception) when (exception.IsTransient)
        {
            logger.LogWarning("Handoff {CorrelationId}: cannot check whether the user was told already ({Reason}); telling them now",
                correlationId, exception.Message);
            await send(cancellationToken);
            return;
        }

        switch (claim)
        {
            case DeliveryClaim.AlreadySent:
                logger.LogInformation("Handoff {CorrelationId}: the user was told already; not sending again", correlationId);
                return;
            case DeliveryClaim.InProgress:
                // Another delivery of the same outcome is sending right now; MassTransit retries this one later.
                throw new DeliveryInProgressException(correlationId);
        }

        try
        {
            await send(cancellationToken);
        }
        catch
        {
            await ReleaseQuietlyAsync(deliveryId);
            throw;
        }

        await state.CompleteDeliveryAsync(deliveryId, cancellationToken);
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

using System.Threading.Channels;
using Handoff.Contracts.Clients;

namespace Handoff.BotGateway.Handoff.Resumption;

/// <summary>
/// Messages this gateway sent but could not mark sent within <see cref="OutcomeDelivery"/>'s retries
/// (ConversationState down for a while). They are marked here, every second, for as long as the gateway
/// remembers them: a redelivery of their outcome may reach another replica, which only the mark in Redis
/// stops from sending them again. The window left is the second after ConversationState comes back.
/// </summary>
public sealed class UnmarkedDeliveries(ConversationStateClient state, TimeProvider time, ILogger<UnmarkedDeliveries> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    private readonly Channel<(Guid CorrelationId, string DeliveryId, DateTimeOffset Since)> _pending =
        Channel.CreateBounded<(Guid, string, DateTimeOffset)>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Add(Guid correlationId, string deliveryId) => _pending.Writer.TryWrite((correlationId, deliveryId, time.GetUtcNow()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (correlationId, deliveryId, since) in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            while (time.GetUtcNow() - since < GiveUpAfter)
            {
                try
                {
                    await state.CompleteDeliveryAsync(deliveryId, stoppingToken);
                    logger.LogInformation("Handoff {CorrelationId}: {DeliveryId} marked sent at last", correlationId, deliveryId);
                    break;
                }
                catch (ConversationStateException)
                {
                    await Task.Delay(RetryEvery, time, stoppingToken);
                }
            }
        }
    }
}

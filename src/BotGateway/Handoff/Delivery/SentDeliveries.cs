using System.Collections.Concurrent;
using System.Threading.Channels;
using Handoff.Contracts.Clients;
using Handoff.Contracts.State;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// What this gateway sent that ConversationState does not yet know is sent. Each mark rides on the gateway's next
/// delivery claim (<see cref="ClaimDeliveryRequest"/>), so under load a welcome costs one call to ConversationState, not two;
/// a mark no claim took within <see cref="DeliveryOptions.SentMarkLinger"/> is sent on its own, and one ConversationState cannot take is
/// retried every second for ten minutes (<see cref="BackgroundRetries"/>). Until it lands, a retry of the same event
/// on this gateway sends nothing, and the claim's lease, still held, keeps other replicas waiting. Not cancelled with
/// the consumer: with several replicas a redelivery may land on one that never saw the send.
/// </summary>
public sealed class SentDeliveries(ConversationStateClient state, BackgroundRetries retries, IOptions<DeliveryOptions> options, TimeProvider time,
    ILogger<SentDeliveries> logger) : BackgroundService
{
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    // Sent and not yet known to be marked: a bounded, expiring set, so a mark given up on is forgotten in the end.
    private readonly MemoryCache _unmarked = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    // The marks no call is carrying right now.
    private readonly ConcurrentQueue<string> _waiting = new();
    // Wakes the loop that marks what no claim took; one pending wake is enough.
    private readonly Channel<bool> _added = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool WasSentHere(string deliveryId) => _unmarked.TryGetValue(deliveryId, out _);

    public void Add(string deliveryId)
    {
        _unmarked.Set(deliveryId, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Memory });
        _waiting.Enqueue(deliveryId);
        _added.Writer.TryWrite(true);
    }

    /// <summary>Takes the marks for a claim to carry: hand them back with <see cref="Marked"/> or <see cref="Unmarked"/>.</summary>
    public IReadOnlyList<string> TakeMarks()
    {
        List<string>? marks = null;
        while ((marks?.Count ?? 0) < ClaimDeliveryRequest.MostSent && _waiting.TryDequeue(out var deliveryId))
        {
            (marks ??= []).Add(deliveryId);
        }

        return marks ?? (IReadOnlyList<string>)[];
    }

    /// <summary>ConversationState has them.</summary>
    public void Marked(IReadOnlyList<string> marks)
    {
        foreach (var deliveryId in marks)
        {
            _unmarked.Remove(deliveryId);
        }
    }

    /// <summary>The call that carried them failed: the next one carries them.</summary>
    public void Unmarked(IReadOnlyList<string> marks)
    {
        foreach (var deliveryId in marks)
        {
            _waiting.Enqueue(deliveryId);
        }

        if (marks.Count > 0)
        {
            _added.Writer.TryWrite(true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _added.Reader.ReadAsync(stoppingToken);
                await Task.Delay(options.Value.SentMarkLinger, time, stoppingToken);
                IReadOnlyList<string> marks;
                while ((marks = TakeMarks()).Count > 0)
                {
                    await Task.WhenAll(marks.Select(MarkAloneAsync));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gateway is stopping: what is still unmarked is left to the claims' leases and the redeliveries.
        }
    }

    private async Task MarkAloneAsync(string deliveryId)
    {
        try
        {
            await state.CompleteDeliveryAsync(deliveryId, CancellationToken.None);
            _unmarked.Remove(deliveryId);
        }
        catch (ConversationStateException exception)
        {
            DeliveryLog.MarkDeferred(logger, deliveryId, exception.Message);
            retries.Add($"mark {deliveryId} sent", async token =>
            {
                await state.CompleteDeliveryAsync(deliveryId, token);
                _unmarked.Remove(deliveryId);
            });
        }
    }

    public override void Dispose()
    {
        _unmarked.Dispose();
        base.Dispose();
    }
}

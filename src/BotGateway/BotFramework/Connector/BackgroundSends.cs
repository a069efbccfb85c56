using System.Threading.Channels;
using Handoff.Contracts.Events;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Sends that must not hold up an invoke's answer (the typing indicator, a best-effort notice). Bounded:
/// under overload the oldest pending send is dropped, never the request.
/// </summary>
public sealed class BackgroundSends
{
    private readonly Channel<(ConversationAddress Address, OutgoingActivity Activity)> _queue =
        Channel.CreateBounded<(ConversationAddress, OutgoingActivity)>(new BoundedChannelOptions(10_000)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = false,
        });

    public void Enqueue(ConversationAddress address, OutgoingActivity activity) => _queue.Writer.TryWrite((address, activity));

    internal ChannelReader<(ConversationAddress Address, OutgoingActivity Activity)> Reader => _queue.Reader;
}

public sealed partial class BackgroundSender(BackgroundSends sends, BotConnectorClient connector, ILogger<BackgroundSender> logger) : BackgroundService
{
    /// <summary>As many as the queue holds: a send waiting for its tenant's pacing must not hold up another tenant's.</summary>
    private const int InFlight = 10_000;

    private readonly SemaphoreSlim _slots = new(InFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (address, activity) in sends.Reader.ReadAllAsync(stoppingToken))
            {
                await _slots.WaitAsync(stoppingToken);
                _ = SendAsync(address, activity, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(ConversationAddress address, OutgoingActivity activity, CancellationToken stoppingToken)
    {
        try
        {
            await connector.SendAsync(address, activity, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, activity.Type, exception.Message);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _slots.Release();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Background {ActivityType} to conversation failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string activityType, string reason);
}

using System.Diagnostics;
using System.Threading.Channels;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.ServiceDefaults.Diagnostics;

/// <summary>
/// Records a handoff's steps in ConversationState's journal (for support and <c>GET /admin/handoffs/{reference}</c>)
/// without holding up the user: steps are queued and written in the background, in batches. Best effort: when
/// the state service is down the steps are lost, never the handoff. Bounded, dropping the oldest under overload.
/// </summary>
public sealed class HandoffJournalWriter(IHostEnvironment environment, TimeProvider time)
{
    private readonly Channel<HandoffStep> _queue = Channel.CreateBounded<HandoffStep>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>Queues a step, stamped with this service, the time and the current trace.</summary>
    public void Record(string? reference, string step, string? detail = null)
    {
        if (reference is null)
        {
            return;
        }

        var activity = Activity.Current;
        _queue.Writer.TryWrite(new HandoffStep(reference, step, environment.ApplicationName, time.GetUtcNow(), detail,
            activity?.TraceId.ToHexString(), activity?.SpanId.ToHexString()));
    }

    internal ChannelReader<HandoffStep> Reader => _queue.Reader;
}

internal sealed partial class HandoffJournalFlusher(HandoffJournalWriter writer, ConversationStateClient state, ILogger<HandoffJournalFlusher> logger)
    : BackgroundService
{
    private const int BatchSize = 25;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<HandoffStep>(BatchSize);
        try
        {
            while (await writer.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && writer.Reader.TryRead(out var step))
                {
                    batch.Add(step);
                }

                try
                {
                    await state.RecordStepsAsync(batch, stoppingToken);
                }
                catch (ConversationStateException exception)
                {
                    LogNotRecorded(logger, batch.Count, exception.Message);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Debug, "{Count} handoff journal steps were not recorded: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, int count, string reason);
}

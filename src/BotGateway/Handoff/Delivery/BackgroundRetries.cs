namespace Handoff.BotGateway.Handoff.Delivery;

/// <summary>
/// What must still happen after the request or event that wanted it is finished, but cannot happen now
/// (ConversationState unreachable) or must not hold that request up: marking a sent message sent, telling the user
/// about a handoff the gateway redeemed without RabbitMQ. Each is tried again every second, on its own, for up to
/// ten minutes, as long as this gateway runs. The once-only claims in ConversationState make a late attempt safe.
/// </summary>
public sealed class BackgroundRetries(TimeProvider time, ILogger<BackgroundRetries> logger) : BackgroundService
{
    private const int MostPending = 10_000;
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    private readonly TaskCompletionSource<CancellationToken> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;

    /// <param name="firstAttemptNow">Make the first attempt at once rather than a second from now: for work nothing has tried yet.</param>
    public void Add(string what, Func<CancellationToken, Task> attempt, bool firstAttemptNow = false)
    {
        if (Interlocked.Increment(ref _pending) > MostPending)
        {
            Interlocked.Decrement(ref _pending);
            logger.LogError("Too many retries pending; giving up on: {What}", what);
            return;
        }

        _ = RetryAsync(what, attempt, firstAttemptNow);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _started.TrySetResult(stoppingToken);
        return Task.CompletedTask;
    }

    private async Task RetryAsync(string what, Func<CancellationToken, Task> attempt, bool firstAttemptNow)
    {
        var stopping = await _started.Task;
        var since = time.GetUtcNow();
        var retrying = !firstAttemptNow;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (retrying)
                {
                    await Task.Delay(RetryEvery, time, stopping);
                }

                try
                {
                    await attempt(stopping);
                    if (retrying)
                    {
                        logger.LogInformation("Done at last: {What}", what);
                    }

                    return;
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    if (!retrying)
                    {
                        logger.LogWarning("Could not yet {What} ({Reason}); trying again every second", what, exception.Message);
                        retrying = true;
                    }

                    if (time.GetUtcNow() - since >= GiveUpAfter)
                    {
                        logger.LogError("Gave up after {Minutes} min: {What} ({Reason})", GiveUpAfter.TotalMinutes, what, exception.Message);
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The gateway is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }
}

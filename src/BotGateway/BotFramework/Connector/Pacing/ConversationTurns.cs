namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>
/// Sends to one conversation from this replica take turns, oldest first: each waits for the one before it to
/// have its slot. Sends to other conversations (and tenants) never wait here for one another.
/// </summary>
public sealed class ConversationTurns
{
    private readonly Dictionary<PacingKey, TaskCompletionSource> _last = [];
    private readonly Lock _lock = new();

    public async ValueTask<Turn> WaitAsync(PacingKey key, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_lock)
        {
            previous = _last.TryGetValue(key, out var before) ? before.Task : Task.CompletedTask;
            _last[key] = mine;
        }

        try
        {
            await previous.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The send behind this one waits on it, so it passes the turn on only once the one before it is done.
            _ = previous.ContinueWith(_ => End(key, mine), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        return new Turn(this, key, mine);
    }

    /// <summary>How many conversations have a send in turn or waiting (none once all are sent).</summary>
    public int Busy
    {
        get
        {
            lock (_lock)
            {
                return _last.Count;
            }
        }
    }

    private void End(PacingKey key, TaskCompletionSource turn)
    {
        lock (_lock)
        {
            if (_last.TryGetValue(key, out var last) && last == turn)
            {
                _last.Remove(key);
            }
        }

        turn.TrySetResult();
    }

    public readonly struct Turn(ConversationTurns turns, PacingKey key, TaskCompletionSource turn) : IDisposable
    {
        public void Dispose() => turns.End(key, turn);
    }
}

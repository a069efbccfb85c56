namespace Handoff.Hosting.Orchestration;

/// <summary>The last lines a resource wrote to stdout/stderr, for the dashboard's console logs page.</summary>
public sealed class ConsoleLog(int capacity = 10_000)
{
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly Lock _lock = new();
    private long _next;

    /// <summary>Raised after a line is appended, on the thread that read it.</summary>
    public event Action<ConsoleLine>? LineAdded;

    public void Append(string text)
    {
        ConsoleLine line;
        lock (_lock)
        {
            line = new ConsoleLine(++_next, DateTimeOffset.UtcNow, text);
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }

        LineAdded?.Invoke(line);
    }

    public IReadOnlyList<ConsoleLine> Snapshot()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }
}

public sealed record ConsoleLine(long Number, DateTimeOffset Timestamp, string Text);

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Handoff.TestSupport.AppHost;

/// <summary>
/// Keeps what the AppHost logs, and the resources' console output Aspire.Hosting.Testing forwards to the AppHost's
/// loggers (category <c>…Resources.{name}</c>), as lines for a failing test's message and the tests' reports.
/// </summary>
internal sealed class LogCollector : ILoggerProvider
{
    private const int Limit = 20_000;
    private readonly ConcurrentQueue<string> _lines = new();

    public IEnumerable<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Limit && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Collector(LogCollector owner, string source) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {source,-24}| {formatter(state, exception)}{(exception is null ? "" : $" {exception.GetType().Name}: {exception.Message}")}");
            }
        }
    }
}

using System.Diagnostics.Metrics;
using Handoff.ServiceDefaults;

namespace Handoff.ConversationState.Observability;

/// <summary>
/// ConversationState's part of the handoff funnel (tokens minted) and how fast Redis answers: the round trip of
/// a periodic PING and of the handoff operations, in seconds, tagged by operation.
/// </summary>
public sealed class StateMetrics
{
    public const string Ping = "ping";
    public const string StoreContexts = "store_contexts";
    public const string Redeem = "redeem";

    private readonly Counter<long> _minted;
    private readonly Histogram<double> _redisDuration;

    public StateMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _minted = meter.CreateCounter<long>("handoff.tokens.minted", "{token}", "Continuation tokens minted, one per card.");
        _redisDuration = meter.CreateHistogram<double>("handoff.redis.command.duration", "s",
            "Round trip of Redis commands: a PING every few seconds and each handoff operation.",
            advice: HandoffTelemetry.DurationAdvice);
    }

    public void Minted(int tokens) => _minted.Add(tokens);

    /// <param name="failed">The command threw (Redis down or slow): recorded with <c>error.type</c> so outages show.</param>
    public void RedisCommand(string operation, TimeSpan duration, string? failed = null)
    {
        if (failed is null)
        {
            _redisDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("db.operation.name", operation));
        }
        else
        {
            _redisDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("db.operation.name", operation),
                new KeyValuePair<string, object?>("error.type", failed));
        }
    }

    /// <summary>Times <paramref name="command"/> and records it, failed or not.</summary>
    public async Task<T> TimeAsync<T>(string operation, Func<Task<T>> command)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await command();
            RedisCommand(operation, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception exception)
        {
            RedisCommand(operation, System.Diagnostics.Stopwatch.GetElapsedTime(started), exception.GetType().Name);
            throw;
        }
    }
}

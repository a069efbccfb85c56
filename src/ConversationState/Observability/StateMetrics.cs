using System.Diagnostics.Metrics;
using Handoff.ConversationState.Storage;
using Handoff.ServiceDefaults;

namespace Handoff.ConversationState.Observability;

/// <summary>
/// ConversationState's part of the handoff funnel (tokens minted) and how fast Redis answers: the round trip of
/// a periodic PING and of the handoff operations, in seconds, tagged by operation; how full Redis is, and mints the
/// storage caps refused.
/// </summary>
public sealed class StateMetrics
{
    public const string Ping = "ping";
    public const string StoreContexts = "store_contexts";
    public const string Redeem = "redeem";

    private readonly Counter<long> _minted;
    private readonly Histogram<double> _redisDuration;
    private readonly Counter<long> _refused;
    private MemoryReading? _memory;

    public StateMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _minted = meter.CreateCounter<long>("handoff.tokens.minted", "{token}", "Continuation tokens minted, one per card.");
        _redisDuration = meter.CreateHistogram<double>("handoff.redis.command.duration", "s",
            "Round trip of Redis commands: a PING every few seconds and each handoff operation.",
            advice: HandoffTelemetry.DurationAdvice);
        meter.CreateObservableGauge("handoff.redis.memory.utilization", ReadMemory, "1",
            "used_memory over maxmemory of the fullest Redis primary, as last read (none where no maxmemory is set).");
        _refused = meter.CreateCounter<long>("handoff.storage.refused", "{request}",
            "Mints a storage cap refused, tagged by whose cap (user, tenant) and which (open, stored).");
    }

    /// <summary>The latest reading of Redis's memory, exported as <c>handoff.redis.memory.utilization</c>.</summary>
    public void MemoryRead(MemoryReading reading) => _memory = reading;

    public void Refused(string scope, string cap) => _refused.Add(1,
        new KeyValuePair<string, object?>("handoff.limit.scope", scope), new KeyValuePair<string, object?>("handoff.limit.cap", cap));

    private IEnumerable<Measurement<double>> ReadMemory() =>
        _memory is { Ratio: { } ratio } reading
            ? [new Measurement<double>(ratio, new KeyValuePair<string, object?>("server.address", reading.EndPoint))]
            : [];

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

using Handoff.BotGateway.BotFramework.Connector.Pacing;
using StackExchange.Redis;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Teams' Bot Connector limits for the bot as a whole: per app per tenant, and per conversation over its four
/// windows, counted in Redis so every gateway replica shares them (docs/decisions/0014). A send over a limit
/// waits its turn, oldest first, and is never dropped; a tenant's queue never holds up another tenant's sends.
/// Without Redis (not configured, or unreachable) each replica paces alone with its share of the tenant limit,
/// logged as a warning: pacing must never fail a send. A send that wakes for its slot later than the windows' guard
/// (<see cref="ConnectorOptions.PacingGuard"/>: a starved thread pool) takes a new slot instead of going out beside the
/// next window's sends, at most <see cref="MaxSlotRetakes"/> times.
/// </summary>
public sealed partial class OutboundSendLimiter
{
    private readonly bool _paced;
    private readonly RedisSendSchedule? _shared;
    private readonly LocalSendSchedule _local;
    private readonly ConversationTurns _turns = new();
    private readonly TimeProvider _time;
    private readonly ConnectorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeSpan _lateTolerance;
    private int _sharedDown;

    /// <summary>How often one attempt takes a new slot after waking late for its own, before it goes anyway.</summary>
    public const int MaxSlotRetakes = 3;

    /// <param name="paced">False: every send goes at once (<see cref="ConnectorOptions.PaceSends"/>).</param>
    /// <param name="lateTolerance">How late after its slot a send may still go: the guard each window is widened by.</param>
    public OutboundSendLimiter(PacingLimits limits, int replicaCount, IConnectionMultiplexer? redis, TimeProvider time, ConnectorMetrics metrics, ILogger<OutboundSendLimiter> logger,
        bool paced = true, TimeSpan lateTolerance = default)
    {
        _paced = paced;
        _lateTolerance = lateTolerance;
        _shared = redis is null ? null : new RedisSendSchedule(redis, limits);
        _local = new LocalSendSchedule(limits.ShareOf(replicaCount), time);
        _time = time;
        _metrics = metrics;
        _logger = logger;
        if (!paced)
        {
            LogOff(_logger);
        }
        else if (redis is null)
        {
            LogNotShared(_logger, _local.Limits.Tenant.Sends, limits.Tenant.Sends, replicaCount);
        }
    }

    /// <summary>
    /// Waits until one more send to <paramref name="key"/>'s conversation is within every limit, and returns the slot it
    /// was given (Unix ms, on the schedule's clock: Redis's when shared): the send's place in the windows, however late
    /// the machine then runs it.
    /// </summary>
    public async ValueTask<long> WaitForTurnAsync(PacingKey key, CancellationToken cancellationToken)
    {
        if (!_paced)
        {
            return _time.GetUtcNow().ToUnixTimeMilliseconds();
        }

        var started = _time.GetTimestamp();
        var limitedBy = PacingScope.None;
        PacingDecision decision;
        bool shared;
        long slot;
        for (var retakes = 0; ; retakes++)
        {
            using (await _turns.WaitAsync(key, cancellationToken))
            {
                while (true)
                {
                    (decision, shared) = await ReserveAsync(key, cancellationToken);
                    if (decision.Reserved)
                    {
                        break;
                    }

                    limitedBy = PacingScope.Conversation;
                    await Task.Delay(decision.Wait, _time, cancellationToken);
                }
            }

            // The slot is reserved: the next send to this conversation may ask for its own while this one waits.
            var reservedAt = _time.GetTimestamp();
            slot = decision.Slot;
            await Task.Delay(decision.Wait, _time, cancellationToken);
            // Within the guard the windows still hold; later, this send would land in the next window's share. The
            // missed slot stays counted: that only costs throughput, never the limit.
            if (_time.GetElapsedTime(reservedAt) - decision.Wait <= _lateTolerance || retakes == MaxSlotRetakes)
            {
                break;
            }

            _metrics.MissedSlot();
        }

        _metrics.Paced(_time.GetElapsedTime(started), limitedBy == PacingScope.None ? decision.LimitedBy : limitedBy, shared);
        // Once per attempt, however many reservations its waits and missed slots took.
        if (!shared && _shared is not null)
        {
            _metrics.PacedLocally();
        }

        return slot;
    }

    private async ValueTask<(PacingDecision Decision, bool Shared)> ReserveAsync(PacingKey key, CancellationToken cancellationToken)
    {
        if (_shared is not null)
        {
            if (_shared.IsAvailable)
            {
                try
                {
                    var decision = await _shared.ReserveAsync(key, cancellationToken);
                    if (Interlocked.Exchange(ref _sharedDown, 0) == 1)
                    {
                        LogSharedAgain(_logger);
                    }

                    return (decision, true);
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    SharedDown(exception.Message);
                }
            }
            else
            {
                SharedDown("not connected");
            }
        }

        return (_local.Reserve(key), false);
    }

    private void SharedDown(string reason)
    {
        if (Interlocked.Exchange(ref _sharedDown, 1) == 0)
        {
            LogSharedDown(_logger, _local.Limits.Tenant.Sends, reason);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Bot Connector pacing is not shared: no ConnectionStrings:redis. This replica paces alone at {Share} sends/s per tenant ({Limit}/s over {Replicas} replicas)")]
    private static partial void LogNotShared(ILogger logger, int share, int limit, int replicas);

    [LoggerMessage(LogLevel.Warning, "Bot Connector pacing cannot reach Redis ({Reason}): until it can, this replica paces alone at {Share} sends/s per tenant")]
    private static partial void LogSharedDown(ILogger logger, int share, string reason);

    [LoggerMessage(LogLevel.Warning, "Bot Connector pacing is off (Connector:PaceSends is false): sends go out as they come, over Teams' limits if there are enough")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(LogLevel.Information, "Bot Connector pacing is shared through Redis again")]
    private static partial void LogSharedAgain(ILogger logger);
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aspire.Hosting.ApplicationModel;
using Handoff.Benchmarks.Load;
using Handoff.Benchmarks.Measurement;
using Handoff.Benchmarks.SystemUnderTest;
using Handoff.Contracts;
using Handoff.TestSupport.AppHost;
using Handoff.TestSupport.Processes;

namespace Handoff.Benchmarks.Faults;

/// <summary>
/// <c>--faults</c>: the real system under a steady open-loop stream of query → click pairs while each of
/// HandoffService, BotGateway, ConversationState, Redis and RabbitMQ is killed with SIGKILL in turn (its own
/// process, as a crash or the OOM killer would: a service's, not its <c>dotnet run</c> wrapper's; RabbitMQ's
/// Erlang VM), restarted by the AppHost, and given time to catch up. Then the load stops, the outcomes settle, and every click Teams saw acknowledged
/// (HTTP 200) is checked for exactly one outcome at the Bot Connector.
/// </summary>
public sealed class FaultBenchmark(BenchOptions options, TextWriter output)
{
    /// <summary>The order of tests/EndToEnd.Tests/CrashRecoveryTests.cs.</summary>
    private static readonly string[] Victims =
        [ResourceNames.HandoffService, ResourceNames.BotGateway, ResourceNames.ConversationState, ResourceNames.Redis, ResourceNames.RabbitMq];

    /// <summary>A message on the wire to the connector as the gateway died arrives a moment later; one accepted just before may be resent.</summary>
    private static readonly TimeSpan InFlightBefore = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan InFlightAfter = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private long _origin;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var machineAtStart = Machine();
        Say($"Machine: {Environment.ProcessorCount} cores, load {ProcessStats.LoadAverage()} (shared machines skew recovery times)");
        Say($"Fault run: {options.FaultRate:0.#} query→click pairs/s (open loop), {options.FaultRounds} round(s) of kill -9 of {string.Join(", ", Victims)}, " +
            $"{options.FaultHold.TotalSeconds:0} s of load after each recovery, outcomes settle for up to {options.FaultSettle.TotalSeconds:0} s");

        await using var connector = await OutcomeConnector.StartAsync();
        Say("Starting the AppHost (Aspire.Hosting.Testing, no dashboard): Redis, RabbitMQ, ConversationState, HandoffService, BotGateway…");
        await using var system = await HandoffSystem.StartAsync(cancellationToken);
        Say($"System ready in {system.Startup.TotalSeconds:F1} s; PIDs {string.Join(", ", system.Pids.Select(pid => $"{pid.Key}={pid.Value}"))}");

        var redis = await Durability.RedisAsync(system.RedisConnectionString);
        Say($"Redis: appendonly {redis.AppendOnly}, appendfsync {redis.AppendFsync}, RDB save '{redis.Save}'");

        // Teams gives up on an invoke after about 15 s; a click unanswered by then was not acknowledged.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1_024,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        { Timeout = TimeSpan.FromSeconds(15) };
        var traffic = new TeamsTraffic(http, system.MessagesEndpoint, connector.ServiceUrl);

        // One pair first, so that MassTransit has declared its queues before they are inspected.
        var first = await traffic.QueryAsync(cancellationToken);
        if (first.Status != HttpStatusCode.OK || first.Tokens.Count == 0
            || await traffic.ClickAsync(new MintedToken(first.User, first.Tokens[0]), "a:fault-warmup", cancellationToken) != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("The first query→click pair failed before any fault; see services.log.");
        }

        var queues = await Durability.QueuesAsync(system.RabbitMqUri, [EndpointNames.HandoffRequests, EndpointNames.HandoffOutcomes]);
        foreach (var queue in queues)
        {
            Say($"RabbitMQ queue {queue.Queue}: {(queue.Durable ? "durable" : $"NOT durable ({queue.Error})")}");
        }

        _origin = Stopwatch.GetTimestamp();
        var load = new PairLoad(traffic, options.FaultRate);
        load.Start(_origin);
        Say($"Load running; {options.FaultHold.TotalSeconds:0} s of it before the first kill…");
        await Task.Delay(options.FaultHold, cancellationToken);

        var faults = new List<FaultRecord>();
        for (var round = 1; round <= options.FaultRounds; round++)
        {
            foreach (var victim in Victims)
            {
                var fault = await KillAndRecoverAsync(system.AppHost, victim, round, cancellationToken);
                faults.Add(fault);
                Say(fault.Error is null
                    ? $"  {victim}: pid {fault.PidBefore} killed; exit seen {fault.ExitSeenSeconds:F2} s, restarted as pid {fault.PidAfter} {fault.RestartedSeconds:F2} s, healthy {fault.HealthySeconds:F2} s after the kill"
                    : $"  {victim}: {fault.Error}");
                await Task.Delay(options.FaultHold, cancellationToken);
                fault.WindowEnd = Now();
            }
        }

        Say("Stopping the load (each click still under way gets its answer or times out)…");
        await load.StopAsync();
        var loadStopped = Now();
        var machineAfterFaults = Machine();
        var pairs = load.Pairs;
        var acked = pairs.Where(pair => pair.Fate == PairFate.Acked).ToList();
        Say($"{pairs.Count:N0} pairs started, {acked.Count:N0} clicks acknowledged; waiting up to {options.FaultSettle.TotalSeconds:0} s for their outcomes…");
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < options.FaultSettle && acked.Any(pair => connector.CountIn(pair.ConversationId) == 0))
        {
            await Task.Delay(500, cancellationToken);
        }

        var settledAfter = settle.Elapsed;
        // Late duplicates show themselves a moment after the last outcome.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var errorQueues = await Durability.MessageCountsAsync(system.RabbitMqUri,
            [$"{EndpointNames.HandoffRequests}_error", $"{EndpointNames.HandoffOutcomes}_error", EndpointNames.HandoffRequests, EndpointNames.HandoffOutcomes]);

        var summary = Summarise(pairs, faults, connector, settledAfter, loadStopped);
        var machineAtEnd = Machine();
        PrintTable(faults, pairs, summary, machineAtStart, machineAtEnd);
        Say($"Queues after settling (null: never created): {string.Join(", ", errorQueues.Select(pair => $"{pair.Key}={pair.Value?.ToString(CultureInfo.InvariantCulture) ?? "none"}"))}");

        var report = new
        {
            options = new
            {
                pairsPerSecond = options.FaultRate,
                rounds = options.FaultRounds,
                holdSeconds = options.FaultHold.TotalSeconds,
                settleLimitSeconds = options.FaultSettle.TotalSeconds,
                clickTimeoutSeconds = http.Timeout.TotalSeconds,
            },
            machineAtStart,
            machineAfterFaults,
            machineAtEnd,
            durability = new
            {
                redis,
                rabbitMqQueues = queues,
                rabbitMqMessages = "persistent (MassTransit's default for Publish/Send), publisher confirms on (src/ServiceDefaults/Messaging)",
            },
            faults = faults.Select(fault => new
            {
                fault.Round,
                fault.Resource,
                fault.PidBefore,
                fault.PidAfter,
                fault.LoadAverageAtKill,
                killedAtSeconds = Round(Seconds(fault.KilledAt)),
                exitSeenSeconds = Round(fault.ExitSeenSeconds),
                restartedSeconds = Round(fault.RestartedSeconds),
                recoverySeconds = Round(fault.HealthySeconds),
                windowSeconds = Round(Seconds(fault.WindowEnd - fault.KilledAt)),
                window = Window(pairs, fault.KilledAt, fault.WindowEnd, fault.KilledAt, summary),
                fault.Error,
            }),
            baseline = Window(pairs, 0, faults.Count > 0 ? faults[0].KilledAt : long.MaxValue, null, summary),
            overall = summary.Overall,
            lost = summary.Lost.Take(50).Select(pair => Describe(pair, connector)),
            doubled = summary.DoubledAll.Take(50).Select(pair => Describe(pair, connector)),
            queuesAfterSettling = errorQueues,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(options.Output)!);
        await using (var file = File.Create(options.Output))
        {
            await JsonSerializer.SerializeAsync(file, report, JsonOptions, CancellationToken.None);
        }

        Say($"Results: {options.Output}");
        return 0;
    }

    private async Task<FaultRecord> KillAndRecoverAsync(AspireAppHost host, string resource, int round, CancellationToken cancellationToken)
    {
        // Every resource healthy first, so that each kill starts from a whole system.
        using (var whole = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            whole.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                foreach (var each in HandoffSystem.ServiceNames.Concat(HandoffSystem.BrokerNames))
                {
                    await host.Notifications.WaitForResourceHealthyAsync(each, whole.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Say("  (not every resource was healthy within 60 s; killing anyway)");
            }
        }

        var loadAverage = ProcessStats.LoadAverage();
        var killedAt = Now();
        var kill = host.Kill(resource);
        var fault = new FaultRecord(round, resource, kill.Pid, loadAverage) { KilledAt = killedAt };
        Say($"Round {round}: kill -9 {resource} (pid {kill.Pid})…");

        // The AppHost's own readiness says when it is healthy again; this watches the moments before it.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = WatchRestartAsync(host, kill, fault, watching.Token);
        var limit = TimeSpan.FromSeconds(120);
        try
        {
            var restart = await host.WaitForRestartAsync(kill, limit, cancellationToken);
            fault.PidAfter = restart.Pid;
            fault.HealthySeconds = restart.RecoveryTime.TotalSeconds;
        }
        catch (TimeoutException)
        {
            // Its message carries everything the AppHost logged; that goes to services.log at the end.
            var snapshot = host.Snapshot(kill.ResourceId);
            fault.Error = $"not restarted and healthy within {limit.TotalSeconds:0} s (state {snapshot.State?.Text}, health {snapshot.HealthStatus}); see services.log";
        }
        finally
        {
            await watching.CancelAsync();
            await watcher;
        }

        // Running and healthy between two looks of the watcher.
        fault.RestartedSeconds ??= fault.HealthySeconds;
        return fault;
    }

    /// <summary>
    /// When the AppHost saw the process gone, and when a new one was running (healthy comes later). A new process
    /// counts only once the AppHost has counted the restart: RabbitMQ's script outlives its killed VM for a moment.
    /// </summary>
    private static async Task WatchRestartAsync(AspireAppHost host, ResourceKill kill, FaultRecord fault, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            while (fault.RestartedSeconds is null)
            {
                var running = host.Snapshot(kill.ResourceId).State?.Text == KnownResourceStates.Running;
                var restarted = host.Restarts(kill.ResourceId) > kill.RestartsBefore;
                if (fault.ExitSeenSeconds is null && (!running || restarted))
                {
                    fault.ExitSeenSeconds = clock.Elapsed.TotalSeconds;
                }

                if (running && restarted && host.TryProcessOf(kill.ResourceId) is { } pid && pid != kill.Pid)
                {
                    fault.RestartedSeconds = clock.Elapsed.TotalSeconds;
                    fault.PidAfter ??= pid;
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Summary Summarise(IReadOnlyList<PairRecord> pairs, List<FaultRecord> faults, OutcomeConnector connector, TimeSpan settledAfter, long loadStopped)
    {
        var acked = pairs.Where(pair => pair.Fate == PairFate.Acked).ToList();
        var counts = acked.ToDictionary(pair => pair, pair => connector.CountIn(pair.ConversationId));
        var lost = acked.Where(pair => counts[pair] == 0).ToList();
        var doubledAll = acked.Where(pair => counts[pair] > 1).ToList();
        var gatewayKills = faults.Where(fault => fault.Resource == ResourceNames.BotGateway).Select(fault => fault.KilledAt + _origin).ToList();
        var inFlight = doubledAll.Where(pair =>
        {
            var firstCopy = connector.In(pair.ConversationId)[0].Timestamp;
            return gatewayKills.Any(kill => firstCopy >= kill - Ticks(InFlightBefore) && firstCopy <= kill + Ticks(InFlightAfter));
        }).ToList();
        var doubled = doubledAll.Except(inFlight).ToList();
        var notAcked = pairs.Where(pair => pair.Fate is PairFate.Refused or PairFate.TimedOut).ToList();
        var firstOutcome = pairs.Where(pair => pair.ClickSent is not null && connector.CountIn(pair.ConversationId) > 0)
            .ToDictionary(pair => pair, pair => connector.In(pair.ConversationId)[0].Timestamp - _origin);
        var ackLatency = new LatencyHistogram();
        foreach (var pair in acked)
        {
            ackLatency.RecordElapsed(pair.ClickSent!.Value, pair.ClickAnswered!.Value);
        }

        var overall = new Overall(
            PairsStarted: pairs.Count,
            ClicksSent: pairs.Count(pair => pair.ClickSent is not null),
            ClicksAcked: acked.Count,
            ClicksRefused: pairs.Count(pair => pair.Fate == PairFate.Refused),
            ClicksTimedOut: pairs.Count(pair => pair.Fate == PairFate.TimedOut),
            QueriesFailed: pairs.Count(pair => pair.Fate == PairFate.QueryFailed),
            OutcomesDelivered: acked.Count(pair => counts[pair] == 1),
            Lost: lost.Count,
            Doubled: doubled.Count,
            DoubledConnectorAcceptedAsGatewayDied: inFlight.Count,
            OutcomeKinds: acked.Where(pair => counts[pair] > 0)
                .GroupBy(pair => connector.In(pair.ConversationId)[0].Kind)
                .ToDictionary(group => group.Key, group => group.Count()),
            UnackedClicksWithAnOutcomeAnyway: notAcked.Count(pair => connector.CountIn(pair.ConversationId) > 0),
            RefusalReasons: pairs.Where(pair => pair.Fate is PairFate.Refused or PairFate.TimedOut or PairFate.QueryFailed)
                .GroupBy(pair => pair.Detail ?? "?").ToDictionary(group => group.Key, group => group.Count()),
            DelayNotices: connector.DelayNotices,
            ClickAckMilliseconds: ackLatency.Summarise(),
            LoadSeconds: Round(Seconds(loadStopped)),
            SettledSecondsAfterLoadStopped: Round(settledAfter.TotalSeconds));
        return new Summary(overall, lost, doubledAll, [.. doubled], [.. inFlight], counts, firstOutcome);
    }

    private static WindowCounts Window(IReadOnlyList<PairRecord> pairs, long from, long to, long? killedAt, Summary summary)
    {
        var inWindow = pairs.Where(pair => pair.Intended >= from && pair.Intended < to).ToList();
        var refused = inWindow.Where(pair => pair.Fate is PairFate.Refused or PairFate.TimedOut or PairFate.QueryFailed).ToList();
        // Click sent → its first outcome at the connector, for the acknowledged clicks of the window.
        var toOutcome = inWindow.Where(pair => pair.Fate == PairFate.Acked && summary.FirstOutcome.ContainsKey(pair))
            .Select(pair => Seconds(summary.FirstOutcome[pair] - pair.ClickSent!.Value)).Order().ToList();
        return new WindowCounts(
            Pairs: inWindow.Count,
            ClicksSent: inWindow.Count(pair => pair.ClickSent is not null),
            Acked: inWindow.Count(pair => pair.Fate == PairFate.Acked),
            Refused: inWindow.Count(pair => pair.Fate == PairFate.Refused),
            TimedOut: inWindow.Count(pair => pair.Fate == PairFate.TimedOut),
            QueriesFailed: inWindow.Count(pair => pair.Fate == PairFate.QueryFailed),
            LastRefusalSeconds: killedAt is { } kill && refused.Count > 0 ? Round(Seconds(refused.Max(pair => pair.Intended) - kill)) : null,
            OutcomeP50Seconds: toOutcome.Count > 0 ? Round(toOutcome[toOutcome.Count / 2]) : null,
            OutcomeMaxSeconds: toOutcome.Count > 0 ? Round(toOutcome[^1]) : null,
            Lost: summary.Lost.Count(inWindow.Contains),
            Doubled: summary.DoubledAll.Count(inWindow.Contains));
    }

    private void PrintTable(List<FaultRecord> faults, IReadOnlyList<PairRecord> pairs, Summary summary, object machineAtStart, object machineAtEnd)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"FAULT (kill -9)",-22} {"LOAD1",6} {"RESTART s",9} {"HEALTHY s",9} {"LAST FAIL s",11} {"PAIRS",6} {"Q FAILED",8} {"SENT",6} {"ACKED",6} {"REFUSED",7} {"TIMEOUT",7} {"→OUT p50",8} {"→OUT max",8} {"LOST",5} {"DOUBLED",7}"));
        var baseline = Window(pairs, 0, faults.Count > 0 ? faults[0].KilledAt : long.MaxValue, null, summary);
        PrintRow("(before the first kill)", "", null, null, baseline);
        foreach (var fault in faults)
        {
            var window = Window(pairs, fault.KilledAt, fault.WindowEnd, fault.KilledAt, summary);
            PrintRow($"{fault.Resource} #{fault.Round}", fault.LoadAverageAtKill.Split(' ')[0], fault.RestartedSeconds, fault.Error is null ? fault.HealthySeconds : null, window);
        }

        var overall = summary.Overall;
        output.WriteLine();
        output.WriteLine("Windows run from the kill to the next kill (recovery plus the hold); a pair counts where its query was scheduled. " +
                         "RESTART/HEALTHY: seconds from the kill to the new process running / answering its health probe. LAST FAIL: kill → the last pair " +
                         "that failed. Q FAILED: the query failed, so no click was sent. →OUT: an acked click sent → its first outcome at the connector (s).");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Overall: {overall.PairsStarted:N0} pairs over {overall.LoadSeconds:0} s; clicks sent {overall.ClicksSent:N0}, acked {overall.ClicksAcked:N0}, refused {overall.ClicksRefused:N0}, timed out {overall.ClicksTimedOut:N0} (+{overall.QueriesFailed:N0} queries failed, no click)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Outcomes for acked clicks: delivered exactly once {overall.OutcomesDelivered:N0}, LOST {overall.Lost:N0}, DOUBLED {overall.Doubled:N0} " +
            $"(+{overall.DoubledConnectorAcceptedAsGatewayDied:N0} the connector had accepted as the gateway was killed); settled {overall.SettledSecondsAfterLoadStopped:0.#} s after the load stopped"));
        output.WriteLine($"Outcome kinds: {string.Join(", ", overall.OutcomeKinds.Select(pair => $"{pair.Key} {pair.Value:N0}"))}; delay notices {overall.DelayNotices:N0}; " +
                         $"clicks not acked (refused or timed out) that got an outcome anyway {overall.UnackedClicksWithAnOutcomeAnyway:N0}");
        output.WriteLine($"Refusals: {string.Join(", ", overall.RefusalReasons.Select(pair => $"{pair.Key} ×{pair.Value:N0}"))}");
        output.WriteLine($"Machine: {JsonSerializer.Serialize(machineAtStart)} → {JsonSerializer.Serialize(machineAtEnd)}");
    }

    private void PrintRow(string name, string load, double? restarted, double? healthy, WindowCounts window) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-22} {load,6} {Format(restarted),9} {Format(healthy),9} {Format(window.LastRefusalSeconds),11} {window.Pairs,6} {window.QueriesFailed,8} {window.ClicksSent,6} {window.Acked,6} {window.Refused,7} {window.TimedOut,7} {Format(window.OutcomeP50Seconds),8} {Format(window.OutcomeMaxSeconds),8} {window.Lost,5} {window.Doubled,7}"));

    private static string Format(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private object Describe(PairRecord pair, OutcomeConnector connector) => new
    {
        pair.ConversationId,
        intendedSeconds = Round(Seconds(pair.Intended)),
        clickAnsweredSeconds = pair.ClickAnswered is { } answered ? Round(Seconds(answered)) : (double?)null,
        outcomes = connector.In(pair.ConversationId).Select(outcome => new { atSeconds = Round(Seconds(outcome.Timestamp - _origin)), outcome.Kind }),
    };

    private long Now() => Stopwatch.GetTimestamp() - _origin;

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static double Round(double value) => Math.Round(value, 3);

    private static object Machine() => new
    {
        cores = Environment.ProcessorCount,
        loadAverage = ProcessStats.LoadAverage(),
        time = DateTimeOffset.UtcNow,
    };

    private void Say(string line) => output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    private sealed record Summary(Overall Overall, List<PairRecord> Lost, List<PairRecord> DoubledAll, List<PairRecord> Doubled, List<PairRecord> InFlight,
        Dictionary<PairRecord, int> Counts, Dictionary<PairRecord, long> FirstOutcome);
}

public sealed class FaultRecord(int round, string resource, int pidBefore, string loadAverageAtKill)
{
    public int Round { get; } = round;

    public string Resource { get; } = resource;

    public int PidBefore { get; } = pidBefore;

    public string LoadAverageAtKill { get; } = loadAverageAtKill;

    public int? PidAfter { get; set; }

    /// <summary>Stopwatch ticks since the load started.</summary>
    public long KilledAt { get; init; }

    public long WindowEnd { get; set; }

    public double? ExitSeenSeconds { get; set; }

    public double? RestartedSeconds { get; set; }

    public double? HealthySeconds { get; set; }

    public string? Error { get; set; }
}

/// <param name="LastRefusalSeconds">From the kill to the last pair of the window that failed (query failed, click refused or timed out).</param>
/// <param name="OutcomeP50Seconds">Acknowledged click sent → its first outcome at the connector.</param>
public sealed record WindowCounts(int Pairs, int ClicksSent, int Acked, int Refused, int TimedOut, int QueriesFailed, double? LastRefusalSeconds,
    double? OutcomeP50Seconds, double? OutcomeMaxSeconds, int Lost, int Doubled);

public sealed record Overall(int PairsStarted, int ClicksSent, int ClicksAcked, int ClicksRefused, int ClicksTimedOut, int QueriesFailed, int OutcomesDelivered,
    int Lost, int Doubled, int DoubledConnectorAcceptedAsGatewayDied, Dictionary<string, int> OutcomeKinds, int UnackedClicksWithAnOutcomeAnyway,
    Dictionary<string, int> RefusalReasons, long DelayNotices, object ClickAckMilliseconds, double LoadSeconds, double SettledSecondsAfterLoadStopped);

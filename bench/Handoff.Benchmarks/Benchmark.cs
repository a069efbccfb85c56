using System.Diagnostics;
using System.Net;
using Handoff.Benchmarks.Floors;
using Handoff.Benchmarks.Load;
using Handoff.Benchmarks.Measurement;
using Handoff.Benchmarks.Pacing;
using Handoff.Benchmarks.Reporting;
using Handoff.Benchmarks.SystemUnderTest;
using Handoff.Contracts;

namespace Handoff.Benchmarks;

/// <summary>
/// The "prove it" run: the floors of Redis, RabbitMQ and Kestrel, then the real system driven over HTTP
/// as Teams and Copilot drive it, each figure beside its floor and its target.
/// </summary>
public sealed class Benchmark(BenchOptions options, TextWriter output)
{
    private const string Throughput = "throughput";
    private const string Latency = "latency (ms)";
    private const string Cost = "cost per handoff";
    private const string MemorySection = "memory (RSS, MB)";

    private readonly BenchReport _report = new();
    private long _conversations;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _report.Details["machineAtStart"] = Machine();
        _report.Details["options"] = options;
        Say($"Machine: {Environment.ProcessorCount} cores, load {ProcessStats.LoadAverage()} (shared machines skew every figure)");
        Say($"Mode: {(options.Quick ? "quick" : "full")}, {options.PhaseDuration.TotalSeconds:F0} s per phase, soak {options.SoakMinutes} min at {options.SoakRate}/s");

        if (!options.PacingOnly && !options.TurnsOnly)
        {
            await CapacityAsync(cancellationToken);
        }

        // A second system, after the first has stopped: the capacity phases run with the pacing off, this one with it on.
        var exitCode = 0;
        try
        {
            if (!options.TurnsOnly)
            {
                await new PacingPhase(options, _report, Say).RunAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The capacity figures are measured by then: print them, say what is missing, and fail the run.
            Say($"The pacing phase failed, so its figures are missing: {exception.Message}");
            _report.Details["pacingFailure"] = exception.ToString();
            exitCode = 1;
        }

        exitCode = Math.Max(exitCode, await TurnsAsync(cancellationToken));

        _report.Details["machineAtEnd"] = Machine();
        _report.PrintTable(output);
        Say($"Machine at end: {Environment.ProcessorCount} cores, load {ProcessStats.LoadAverage()}");
        await _report.WriteJsonAsync(options.Output);
        Say($"Results: {options.Output}");
        return exitCode;
    }

    /// <summary>The capacity phases, on a system with the inbound rate limits lifted and the outbound pacing off.</summary>
    private async Task CapacityAsync(CancellationToken cancellationToken)
    {
        await using var connector = await FastConnector.StartAsync();
        Say("Starting the AppHost (Aspire.Hosting.Testing, no dashboard): Redis, RabbitMQ, ConversationState, HandoffService, BotGateway…");
        await using var system = await HandoffSystem.StartAsync(cancellationToken);
        Say($"System ready in {system.Startup.TotalSeconds:F1} s; gateway {system.MessagesEndpoint} (DCP's proxy); PIDs {string.Join(", ", system.Pids.Select(pid => $"{pid.Key}={pid.Value}"))}");
        var commandLines = system.CommandLines;
        foreach (var (service, commandLine) in commandLines)
        {
            Say($"  {service}: {commandLine.Service} (started by: {commandLine.Wrapper})");
        }

        _report.Details["serviceCommandLines"] = commandLines;
        var otlp = system.OtlpEndpoints;
        Say($"  OTLP endpoints (no dashboard listens): {string.Join(", ", otlp.Select(endpoint => $"{endpoint.Key}={endpoint.Value}"))}");
        _report.Details["otlpEndpoints"] = otlp;
        if (!commandLines.Values.All(commandLine => commandLine.Service.Contains($"{Path.DirectorySeparatorChar}release{Path.DirectorySeparatorChar}", StringComparison.OrdinalIgnoreCase)))
        {
            Say("WARNING: these are not Release builds; run with -c Release for figures worth comparing.");
        }

        _report.Details["startupSeconds"] = Math.Round(system.Startup.TotalSeconds, 2);

        using var http = CreateClient();
        var traffic = new TeamsTraffic(http, system.MessagesEndpoint, connector.ServiceUrl);
        var tokens = new TokenPool(traffic);
        var welcomes = new WelcomeTracker(connector);

        await WarmUpAsync(traffic, tokens, welcomes, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var idle = Memory(system);
        _report.Details["memoryIdle"] = idle;

        var floors = await FloorsAsync(system, connector, http, cancellationToken);
        await QueriesAsync(traffic, tokens, floors, system, cancellationToken);
        var ack1000 = await AcknowledgementsAsync(traffic, tokens, welcomes, floors, system, cancellationToken);
        await SaturationAsync(traffic, tokens, welcomes, floors, system, cancellationToken);
        var loaded = Memory(system);
        _report.Details["memoryAfterLoad"] = loaded;
        var soaked = await SoakAsync(traffic, tokens, welcomes, system, cancellationToken);

        ReportMemory(idle, loaded, soaked);
        if (ack1000 is not null)
        {
            _report.Details["clickToWelcomeAt1000"] = ack1000;
        }
    }

    internal static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 2_048,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    private async Task WarmUpAsync(TeamsTraffic traffic, TokenPool tokens, WelcomeTracker welcomes, CancellationToken cancellationToken)
    {
        Say("Warming up (JIT, connection pools)…");
        await ClosedLoop.RunAsync(16, TimeSpan.FromSeconds(options.Quick ? 3 : 10), async token =>
        {
            var result = await traffic.QueryAsync(token);
            tokens.Add(result);
            return result.Status == HttpStatusCode.OK;
        }, cancellationToken);
        welcomes.BeginPhase();
        var clicks = Math.Min(tokens.Count, options.Quick ? 500 : 2_000);
        await OpenLoop.RunAsync(200, TimeSpan.FromSeconds(clicks / 200.0), (_, intended) => ClickAsync(traffic, tokens, welcomes, intended, cancellationToken), cancellationToken);
        await welcomes.DrainAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<Floors> FloorsAsync(HandoffSystem system, FastConnector connector, HttpClient http, CancellationToken cancellationToken)
    {
        Say("Floor: Redis GETDEL…");
        var redis = await RedisFloor.MeasureAsync(system.RedisConnectionString, options.Quick ? 50_000 : 200_000);
        Say("Floor: RabbitMQ durable publish (confirmed) → consume…");
        var rabbit = await RabbitMqFloor.MeasureAsync(system.RabbitMqUri, options.Quick ? 10_000 : 50_000, options.Concurrency);
        Say("Floor: empty Kestrel POST (closed loop, then open loop at the click rates)…");
        var body = new byte[1_100];
        async Task<bool> EmptyPost(CancellationToken token)
        {
            using var content = new ByteArrayContent(body);
            using var response = await http.PostAsync(connector.EmptyPostUrl, content, token);
            return response.IsSuccessStatusCode;
        }

        var kestrel = await ClosedLoop.RunAsync(options.Concurrency, options.PhaseDuration, EmptyPost, cancellationToken);
        var kestrelOpen = new Dictionary<double, OpenLoopResult>();
        foreach (var rate in options.AckRates)
        {
            kestrelOpen[rate] = await OpenLoop.RunAsync(rate, TimeSpan.FromSeconds(Math.Min(5, options.PhaseDuration.TotalSeconds)), (_, _) => EmptyPost(cancellationToken), cancellationToken);
        }

        const string Section = "floors (bare infrastructure, same run)";
        _report.Add(Section, "Redis GETDEL pipelined", redis.PipelinedPerSecond, "ops/s");
        _report.Add(Section, "Redis GETDEL one at a time p50", redis.SequentialLatency.P50, "ms");
        _report.Add(Section, "RabbitMQ durable confirmed publish→consume", rabbit.PerSecond, "msg/s");
        _report.Add(Section, "RabbitMQ confirmed publish p50 (one at a time)", rabbit.ConfirmLatency.P50, "ms");
        _report.Add(Section, "RabbitMQ publish→consume p50 (one at a time)", rabbit.PublishToConsume.P50, "ms");
        _report.Add(Section, $"Kestrel empty POST, {options.Concurrency} concurrent", kestrel.PerSecond, "req/s");
        _report.Add(Section, "Kestrel empty POST p50 (closed loop)", kestrel.Latency.PercentileMilliseconds(50), "ms");
        _report.Add(Section, "Kestrel empty POST p99 (closed loop)", kestrel.Latency.PercentileMilliseconds(99), "ms");
        foreach (var (rate, result) in kestrelOpen)
        {
            _report.Add(Section, $"Kestrel empty POST p99 at {rate:N0}/s (open loop)", result.Latency.PercentileMilliseconds(99), "ms");
        }

        _report.Details["floorRedis"] = redis;
        _report.Details["floorRabbitMq"] = rabbit;
        _report.Details["floorKestrelClosedLoop"] = Summary(kestrel);
        _report.Details["floorKestrelOpenLoop"] = kestrelOpen.ToDictionary(pair => pair.Key.ToString("0"), pair => Summary(pair.Value));
        return new Floors(redis, rabbit, kestrel, kestrelOpen);
    }

    private async Task QueriesAsync(TeamsTraffic traffic, TokenPool tokens, Floors floors, HandoffSystem system, CancellationToken cancellationToken)
    {
        Say($"Copilot queries: closed loop, {options.Concurrency} concurrent, {options.PhaseDuration.TotalSeconds:F0} s…");
        long cards = 0;
        var trace = StartTrace("queries", system);
        var before = Cpu(system);
        var result = await ClosedLoop.RunAsync(options.Concurrency, options.PhaseDuration, async token =>
        {
            var query = await traffic.QueryAsync(token);
            Interlocked.Add(ref cards, query.Tokens.Count);
            tokens.Add(query);
            return query.Status == HttpStatusCode.OK && query.Tokens.Count > 0;
        }, cancellationToken);
        var cpu = CpuDelta(before, Cpu(system), result.Succeeded);
        await FinishTraceAsync(trace);

        _report.Add(Throughput, "Copilot queries answered", result.PerSecond, "queries/s", floors.Kestrel.PerSecond, "Kestrel empty POST req/s", "≥ 5,000", result.PerSecond >= 5_000);
        _report.Add(Throughput, "  cards (tokens minted)", cards / result.Elapsed.TotalSeconds, "cards/s");
        _report.Add(Latency, "Copilot query p50", result.Latency.PercentileMilliseconds(50), "ms", floors.Kestrel.Latency.PercentileMilliseconds(50), "Kestrel empty POST p50");
        _report.Add(Latency, "Copilot query p99", result.Latency.PercentileMilliseconds(99), "ms", floors.Kestrel.Latency.PercentileMilliseconds(99), "Kestrel empty POST p99");
        _report.Details["queries"] = new { summary = Summary(result), cardsPerQuery = result.Succeeded == 0 ? 0 : (double)cards / result.Succeeded, cpuMillisecondsPerQuery = cpu };
        if (result.Failed > 0)
        {
            Say($"  {result.Failed} queries failed");
        }
    }

    private async Task<object?> AcknowledgementsAsync(TeamsTraffic traffic, TokenPool tokens, WelcomeTracker welcomes, Floors floors, HandoffSystem system,
        CancellationToken cancellationToken)
    {
        object? at1000 = null;
        foreach (var rate in options.AckRates)
        {
            var needed = (int)(rate * options.PhaseDuration.TotalSeconds) + 100;
            Say($"Minting {needed:N0} tokens with Copilot queries…");
            await tokens.FillAsync(needed, options.Concurrency / 2, cancellationToken);
            Say($"Clicks: open loop at {rate:N0}/s for {options.PhaseDuration.TotalSeconds:F0} s (latency from intended send time)…");
            var phase = welcomes.BeginPhase();
            var name = $"ack-{rate:0}";
            var trace = StartTrace(name, system);
            var retriesBefore = await ConsumeRetries.ScrapeAsync(system, cancellationToken);
            var before = Cpu(system);
            var result = await OpenLoop.RunAsync(rate, options.PhaseDuration, (_, intended) => ClickAsync(traffic, tokens, welcomes, intended, cancellationToken), cancellationToken);
            await welcomes.DrainAsync(TimeSpan.FromSeconds(15));
            var cpu = CpuDelta(before, Cpu(system), phase.Latency.Count);
            var retries = ConsumeRetries.PerHandoff(retriesBefore, await ConsumeRetries.ScrapeAsync(system, cancellationToken), phase.Latency.Count);
            ReportRetries($"at {rate:N0}/s", retries);
            await FinishTraceAsync(trace);

            var floor = floors.KestrelOpen[rate].Latency;
            var brokerConfirm = floors.RabbitMq.ConfirmLatency.P50;
            var ackFloor = $"Kestrel POST at {rate:N0}/s + RabbitMQ confirm p50";
            _report.Add(Latency, $"click ack p50 at {rate:N0}/s", result.Latency.PercentileMilliseconds(50), "ms", floor.PercentileMilliseconds(50) + brokerConfirm, ackFloor);
            var p99 = result.Latency.PercentileMilliseconds(99);
            _report.Add(Latency, $"click ack p99 at {rate:N0}/s", p99, "ms", floor.PercentileMilliseconds(99) + brokerConfirm, ackFloor,
                rate >= 1_000 ? "≤ 5 ms" : null, rate >= 1_000 ? p99 <= 5 : null);
            _report.Add(Latency, $"click ack max at {rate:N0}/s", result.Latency.MaxMilliseconds, "ms");
            var welcome = phase.Latency;
            var pathFloor = PathFloor(floors);
            _report.Add(Latency, $"click→welcome p50 at {rate:N0}/s", welcome.PercentileMilliseconds(50), "ms", pathFloor, "path floor (see JSON)");
            var welcomeP99 = welcome.PercentileMilliseconds(99);
            _report.Add(Latency, $"click→welcome p99 at {rate:N0}/s", welcomeP99, "ms", pathFloor, "path floor (see JSON)",
                rate >= 1_000 ? "≤ 50 ms" : null, rate >= 1_000 ? welcomeP99 <= 50 : null);
            if (result.Failed > 0 || welcome.Count < result.Succeeded)
            {
                // A click the client gave up on may still have been taken in and welcomed: welcomes can outnumber acknowledgements.
                Say($"  {result.Failed} clicks failed at the client, {welcome.Count:N0} welcomes within 15 s for {result.Succeeded:N0} acknowledged clicks, {tokens.Starved} found no token");
            }

            if (rate >= 1_000)
            {
                ReportCost($"at {rate:N0}/s", cpu);
            }

            var details = new
            {
                ack = Summary(result),
                clickToWelcome = welcome.Summarise(),
                welcomed = welcome.Count,
                cpuMillisecondsPerHandoff = cpu,
                consumeRetriesPerHandoff = retries,
            };
            _report.Details[name] = details;
            if (rate >= 1_000)
            {
                at1000 = details;
            }
        }

        _report.Details["pathFloorMilliseconds"] = new
        {
            value = PathFloor(floors),
            formula = "4 × Kestrel POST p50 open loop at the lowest click rate (click, redeem, two connector posts) + 2 × RabbitMQ publish→consume p50 (HandoffRequested, HandoffContextRestored) + 1 × Redis GETDEL p50",
        };
        return at1000;
    }

    private async Task SaturationAsync(TeamsTraffic traffic, TokenPool tokens, WelcomeTracker welcomes, Floors floors, HandoffSystem system,
        CancellationToken cancellationToken)
    {
        var needed = (int)(3_000 * options.PhaseDuration.TotalSeconds);
        Say($"Minting {needed:N0} tokens with Copilot queries…");
        await tokens.FillAsync(needed, options.Concurrency / 2, cancellationToken);
        Say($"Whole handoffs at saturation: clicks closed loop, {options.Concurrency} concurrent, {options.PhaseDuration.TotalSeconds:F0} s, then the welcomes drain…");
        var phase = welcomes.BeginPhase();
        var trace = StartTrace("saturation", system);
        var retriesBefore = await ConsumeRetries.ScrapeAsync(system, cancellationToken);
        var before = Cpu(system);
        var start = Stopwatch.GetTimestamp();
        var clicks = await ClosedLoop.RunAsync(options.Concurrency, options.PhaseDuration,
            _ => ClickAsync(traffic, tokens, welcomes, Stopwatch.GetTimestamp(), cancellationToken), cancellationToken);
        var windowEnd = Stopwatch.GetTimestamp();
        await welcomes.DrainAsync(TimeSpan.FromSeconds(20));
        var drained = Stopwatch.GetElapsedTime(windowEnd);
        var cpu = CpuDelta(before, Cpu(system), phase.Latency.Count);
        var retries = ConsumeRetries.PerHandoff(retriesBefore, await ConsumeRetries.ScrapeAsync(system, cancellationToken), phase.Latency.Count);
        await FinishTraceAsync(trace);

        var inWindow = phase.CountBetween(start, windowEnd) / Stopwatch.GetElapsedTime(start, windowEnd).TotalSeconds;
        // Two RabbitMQ messages per handoff (HandoffRequested, HandoffContextRestored).
        var brokerFloor = floors.RabbitMq.PerSecond / 2;
        _report.Add(Throughput, "whole handoffs (click → welcome posted)", inWindow, "handoffs/s", brokerFloor, "RabbitMQ floor / 2 messages", "≥ 1,500", inWindow >= 1_500);
        _report.Add(Throughput, "  clicks acknowledged meanwhile", clicks.PerSecond, "clicks/s");
        _report.Add(Throughput, "  welcome backlog drained after the clicks stopped", drained.TotalSeconds, "s");
        ReportCost("at saturation", cpu);
        ReportRetries("at saturation", retries);
        _report.Details["saturation"] = new
        {
            consumeRetriesPerHandoff = retries,
            clicks = Summary(clicks),
            clickToWelcome = phase.Latency.Summarise(),
            welcomed = phase.Latency.Count,
            welcomesPerSecondInWindow = inWindow,
            drainSeconds = drained.TotalSeconds,
            cpuMillisecondsPerHandoff = cpu,
            starvedClicks = tokens.Starved,
        };
    }

    /// <summary>The turn phase, on a system of its own (after the others have stopped): its figures are printed, never judged.</summary>
    private async Task<int> TurnsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await new Turns.TurnPhase(options, _report, Say).RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Say($"The turn phase failed, so its figures are missing: {exception.Message}");
            _report.Details["turnsFailure"] = exception.ToString();
            return 1;
        }
    }

    private async Task<SoakResult?> SoakAsync(TeamsTraffic traffic, TokenPool tokens, WelcomeTracker welcomes, HandoffSystem system, CancellationToken cancellationToken)
    {
        if (options.SoakMinutes <= 0)
        {
            return null;
        }

        var duration = TimeSpan.FromMinutes(options.SoakMinutes);
        Say($"Soak: {options.SoakMinutes} min of handoffs at {options.SoakRate}/s with the Copilot queries that mint their tokens; memory every 10 s…");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var phase = welcomes.BeginPhase();
        var samples = new List<object>();
        var servicesTotals = new List<double>();
        var clock = Stopwatch.StartNew();

        // Copilot keeps minting about two seconds' worth of tokens ahead of the clicks.
        var feeder = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (tokens.Count < options.SoakRate * 2)
                {
                    await tokens.FillAsync((int)(options.SoakRate * 3), 4, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                else
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }, CancellationToken.None);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            do
            {
                var memory = Memory(system);
                lock (samples)
                {
                    servicesTotals.Add(memory.ServicesTotal);
                    samples.Add(new { seconds = Math.Round(clock.Elapsed.TotalSeconds), services = memory.ServicesTotal, all = memory.Total, memory.PerResource });
                }
            }
            while (await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(task => task is { IsCompletedSuccessfully: true, Result: true }, TaskScheduler.Default));
        }, CancellationToken.None);

        var before = Cpu(system);
        await tokens.FillAsync((int)(options.SoakRate * 2), options.Concurrency / 2, cancellationToken);
        var result = await OpenLoop.RunAsync(options.SoakRate, duration, (_, intended) => ClickAsync(traffic, tokens, welcomes, intended, cancellationToken), cancellationToken);
        await welcomes.DrainAsync(TimeSpan.FromSeconds(15));
        var cpu = CpuDelta(before, Cpu(system), phase.Latency.Count);
        await stop.CancelAsync();
        await Task.WhenAll(feeder, sampler);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var after = Memory(system);
        // The first sample is taken before the clicks start; the second is the first under load.
        var firstUnderLoad = servicesTotals.Count > 1 ? servicesTotals[1] : after.ServicesTotal;
        var lastUnderLoad = servicesTotals.Count > 0 ? servicesTotals[^1] : after.ServicesTotal;
        _report.Add("soak", $"click ack p99 over {options.SoakMinutes} min at {options.SoakRate}/s", result.Latency.PercentileMilliseconds(99), "ms");
        _report.Add("soak", "click→welcome p99", phase.Latency.PercentileMilliseconds(99), "ms");
        _report.Add("soak", "handoffs welcomed", phase.Latency.Count, "handoffs");
        _report.Details["soak"] = new { ack = Summary(result), clickToWelcome = phase.Latency.Summarise(), cpuMillisecondsPerHandoff = cpu, samples };
        return new SoakResult(after, firstUnderLoad, lastUnderLoad);
    }

    private async Task<bool> ClickAsync(TeamsTraffic traffic, TokenPool tokens, WelcomeTracker welcomes, long intended, CancellationToken cancellationToken)
    {
        if (!tokens.TryTake(out var token))
        {
            return false;
        }

        var conversationId = $"a:bench-click-{Interlocked.Increment(ref _conversations)}";
        welcomes.Expect(conversationId, intended);
        var status = await traffic.ClickAsync(token, conversationId, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            welcomes.Forget(conversationId);
            return false;
        }

        return true;
    }

    private void ReportCost(string when, Dictionary<string, double> cpuPerHandoff)
    {
        foreach (var (resource, milliseconds) in cpuPerHandoff)
        {
            _report.Add(Cost, $"CPU {when}: {resource}", milliseconds, "ms");
        }
    }

    /// <summary>MassTransit's consume retries per handoff: work done again after a timeout or a refusal (the overload's retry storm).</summary>
    private void ReportRetries(string when, Dictionary<string, double> retriesPerHandoff)
    {
        foreach (var (service, retries) in retriesPerHandoff)
        {
            _report.Add(Cost, $"consume retries {when}: {service}", retries, "per handoff");
        }
    }

    private void ReportMemory(MemorySnapshot idle, MemorySnapshot loaded, SoakResult? soak)
    {
        foreach (var (resource, megabytes) in idle.PerResource)
        {
            _report.Add(MemorySection, $"{resource} idle", megabytes, "MB");
            _report.Add(MemorySection, $"{resource} after load", loaded.PerResource.GetValueOrDefault(resource), "MB");
            if (soak is not null)
            {
                _report.Add(MemorySection, $"{resource} after soak", soak.After.PerResource.GetValueOrDefault(resource), "MB");
            }
        }

        var final = soak?.After ?? loaded;
        _report.Add(MemorySection, "three services, total at idle", idle.ServicesTotal, "MB");
        _report.Add(MemorySection, "three services, total after load", loaded.ServicesTotal, "MB");
        if (soak is not null)
        {
            // Flat: the last soak sample within 10 % of the first one taken under soak load.
            var growth = soak.LastServicesTotal - soak.FirstServicesTotal;
            var flat = growth <= 0.1 * soak.FirstServicesTotal;
            _report.Add(MemorySection, "three services, total after soak", final.ServicesTotal, "MB", null, null, "≤ 600 MB",
                final.ServicesTotal <= 600);
            _report.Add(MemorySection, $"three services, growth over the soak ({soak.FirstServicesTotal:F0} → {soak.LastServicesTotal:F0})",
                growth, "MB", null, null, "flat (≤ +10 %)", flat);
        }

        _report.Add(MemorySection, "everything incl. Redis and RabbitMQ at the end", final.Total, "MB");
    }

    /// <summary>The legs a click travels, each at its bare-infrastructure p50 at the lowest click rate.</summary>
    private static double PathFloor(Floors floors) =>
        4 * floors.KestrelOpen[floors.KestrelOpen.Keys.Min()].Latency.PercentileMilliseconds(50) + 2 * floors.RabbitMq.PublishToConsume.P50 + floors.Redis.SequentialLatency.P50;

    private static Dictionary<string, ProcessSample> Cpu(HandoffSystem system)
    {
        var samples = system.Pids.ToDictionary(pid => pid.Key, pid => ProcessStats.Sample(pid.Value));
        samples["load generator + connector (this process)"] = new ProcessSample(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 0);
        return samples;
    }

    /// <summary>CPU milliseconds per unit of work, per resource.</summary>
    private static Dictionary<string, double> CpuDelta(Dictionary<string, ProcessSample> before, Dictionary<string, ProcessSample> after, long units) =>
        after.ToDictionary(pair => pair.Key, pair => units == 0 ? 0 : Math.Round((pair.Value.CpuSeconds - before[pair.Key].CpuSeconds) * 1000 / units, 3));

    private static MemorySnapshot Memory(HandoffSystem system)
    {
        var perResource = system.Pids.ToDictionary(pid => pid.Key, pid => Math.Round(ProcessStats.Sample(pid.Value).RssMegabytes, 1));
        var services = HandoffSystem.ServiceNames.Sum(name => perResource.GetValueOrDefault(name));
        return new MemorySnapshot(perResource, Math.Round(services, 1), Math.Round(perResource.Values.Sum(), 1));
    }

    private GatewayTrace? StartTrace(string phase, HandoffSystem system) =>
        string.Equals(options.TracePhase, phase, StringComparison.OrdinalIgnoreCase)
            ? GatewayTrace.Start(system.Pids[ResourceNames.BotGateway], options.PhaseDuration,
                Path.Combine(Path.GetDirectoryName(options.Output)!, $"gateway-{phase}.nettrace"), output)
            : null;

    private async Task FinishTraceAsync(GatewayTrace? trace)
    {
        if (trace is not null)
        {
            var report = await trace.ReportAsync(15);
            Say("Gateway profile (dotnet-trace, sampled thread time; CPU samples only):");
            output.WriteLine(report);
        }
    }

    private static object Summary(LoadResult result) => new
    {
        perSecond = Math.Round(result.PerSecond, 1),
        succeeded = result.Succeeded,
        failed = result.Failed,
        seconds = Math.Round(result.Elapsed.TotalSeconds, 2),
        latency = result.Latency.Summarise(),
    };

    private static object Summary(OpenLoopResult result) => new
    {
        targetRate = result.TargetRate,
        achievedRate = Math.Round(result.AchievedRate, 1),
        sent = result.Sent,
        succeeded = result.Succeeded,
        failed = result.Failed,
        latency = result.Latency.Summarise(),
        uncorrectedLatency = result.Uncorrected.Summarise(),
        generatorSendLag = result.SendLag.Summarise(),
    };

    private static object Machine() => new
    {
        cores = Environment.ProcessorCount,
        loadAverage = ProcessStats.LoadAverage(),
        time = DateTimeOffset.UtcNow,
        runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };

    private void Say(string line) => output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    private sealed record Floors(RedisFloorResult Redis, RabbitMqFloorResult RabbitMq, LoadResult Kestrel, Dictionary<double, OpenLoopResult> KestrelOpen);

    private sealed record SoakResult(MemorySnapshot After, double FirstServicesTotal, double LastServicesTotal);
}

public sealed record MemorySnapshot(Dictionary<string, double> PerResource, double ServicesTotal, double Total);

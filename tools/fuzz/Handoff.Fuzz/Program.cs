using System.Diagnostics;
using Handoff.Contracts;
using Handoff.Fuzz;
using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

// dotnet run -c Release --project tools/fuzz/Handoff.Fuzz -- --requests 100000 --seed 1
var settings = FuzzOptions.Parse(args, out var corpusDirectory);
var corpus = SeedCorpus.Load(corpusDirectory);
Console.WriteLine($"Seeds: {corpus.Seeds.Count} activities from {corpus.Directory}; findings go to {settings.FindingsDirectory}");

// A Bot Connector on loopback that takes anything and keeps nothing, so 100k replies cost no memory here.
var connectorCalls = 0;
var (connector, serviceUrl) = await LoopbackServer.StartAsync(app => app.Map("/{**path}", () =>
{
    Interlocked.Increment(ref connectorCalls);
    return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: StatusCodes.Status201Created);
}));

Console.WriteLine("Starting the AppHost (Redis, RabbitMQ, ConversationState, HandoffService, BotGateway)…");
await using var host = await AspireAppHost.StartAsync(CancellationToken.None);
var services = new[] { ResourceNames.BotGateway, ResourceNames.HandoffService, ResourceNames.ConversationState, ResourceNames.Redis, ResourceNames.RabbitMq };
var gateway = new GatewayProcess(host.ProcessOf(ResourceNames.BotGateway));
var pidsBefore = services.ToDictionary(name => name, host.ProcessOf);
Console.WriteLine($"Gateway {host.MessagesEndpoint} PID {gateway.Pid}; connector {serviceUrl}");
Console.WriteLine("PIDs before: " + string.Join(", ", pidsBefore.Select(p => $"{p.Key}={p.Value}")));

// The seeds as they are first: each must be answered (200, or 501 for invokes this bot does not handle).
var run = new FuzzRun(settings, host.MessagesEndpoint, serviceUrl, corpus);
using (var sender = new Sender(host.MessagesEndpoint, serviceUrl, 1))
{
    foreach (var seed in corpus.Unmutated())
    {
        Console.WriteLine($"  seed {seed.Seed,-40} {(await sender.SendAsync(seed, CancellationToken.None)).Label}");
    }
}

var rssBefore = gateway.RssKiB;
Console.WriteLine($"Gateway RSS before: {Mib(rssBefore)}");
run.Progress += (index, summary) => Console.WriteLine(
    $"  {index,7} sent, {summary.Findings.Count} findings, gateway RSS {Mib(gateway.RssKiB)}, {string.Join(" ", summary.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"))}");

Console.WriteLine($"Fuzzing: {settings.Requests} requests, seed {settings.Seed}, {settings.Concurrency} workers, {settings.SlowLorisConnections} slow clients…");
var result = await run.RunAsync(CancellationToken.None);
var rssAfter = gateway.RssKiB;
await Task.Delay(TimeSpan.FromSeconds(10));
var rssSettled = gateway.RssKiB;

Console.WriteLine();
Console.WriteLine($"Requests: {result.Sent} in {result.Duration.TotalSeconds:F1} s ({result.Sent / result.Duration.TotalSeconds:F0}/s); latency p50 {result.Percentile(0.5):F1} ms, p99 {result.Percentile(0.99):F1} ms, max {result.Percentile(1):F0} ms");
Console.WriteLine($"Replies the gateway sent to the connector: {connectorCalls}");
Console.WriteLine("By status:");
foreach (var (status, count) in result.ByStatus.OrderBy(s => s.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {status,-28} {count,8}");
}

Console.WriteLine("By mutation kind (a case with several kinds counts under each):");
foreach (var kind in result.ByKind.GroupBy(k => k.Key.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {kind.Key,-16} {string.Join(" ", kind.OrderBy(k => k.Key.Status, StringComparer.Ordinal).Select(k => $"{k.Key.Status}:{k.Value}"))}");
}

Console.WriteLine("Slow clients:");
foreach (var client in result.SlowClients)
{
    Console.WriteLine($"  #{client.Connection} dribbling {client.Kind,-7}: {(client.ClosedByServer ? "cut off" : "STILL OPEN")} after {client.ClosedAfter.TotalSeconds:F1} s, {client.BytesSent} bytes sent, status {(client.Status == 0 ? "none (closed)" : client.Status)}");
}

var findings = result.Findings.ToList();
Console.WriteLine($"5xx other than 501, or no answer: {findings.Count}");
foreach (var (index, fuzzCase, outcome) in findings.Take(10))
{
    Console.WriteLine($"  case {index}: {outcome.Label} ← {fuzzCase.Describe()}");
}

var crashes = host.Output.Split('\n').Count(line => line.Contains("crashed (state", StringComparison.Ordinal));
Console.WriteLine($"Gateway PID {gateway.Pid}: {(gateway.IsAlive ? "same process, alive" : "GONE")}; resources that exited unexpectedly: {crashes}");
Console.WriteLine($"Gateway RSS before {Mib(rssBefore)}, after {Mib(rssAfter)}, 10 s later {Mib(rssSettled)}, peak {Mib(gateway.PeakRssKiB)}");
Console.WriteLine($"Duration: {result.Duration}");

await connector.DisposeAsync();
var failed = findings.Count > 0 || !gateway.IsAlive || crashes > 0 || result.SlowClientsNotCutOff.Any();
Console.WriteLine(failed ? "FAILED" : "PASSED: no 5xx other than 501, no crash, every slow client cut off");
return failed ? 1 : 0;

static string Mib(long? kib) => kib is { } k ? $"{k / 1024.0:F1} MiB" : "n/a";

internal static class FuzzOptions
{
    public static FuzzSettings Parse(string[] args, out string? corpusDirectory)
    {
        var settings = new FuzzSettings(Requests: 100_000, FindingsDirectory: Path.Combine(RepositoryRoot.Path, "artifacts", "fuzz", "findings"));
        corpusDirectory = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i++] switch
            {
                "--requests" => settings with { Requests = int.Parse(value) },
                "--seed" => settings with { Seed = int.Parse(value) },
                "--concurrency" => settings with { Concurrency = int.Parse(value) },
                "--slow-loris" => settings with { SlowLorisConnections = int.Parse(value) },
                "--findings" => settings with { FindingsDirectory = Path.GetFullPath(value) },
                "--corpus" => Corpus(settings, value, out corpusDirectory),
                var unknown => throw new ArgumentException($"Unknown option {unknown}. Options: --requests N --seed N --concurrency N --slow-loris N --findings DIR --corpus DIR"),
            };
        }

        return settings;
    }

    private static FuzzSettings Corpus(FuzzSettings settings, string value, out string directory)
    {
        directory = Path.GetFullPath(value);
        return settings;
    }
}

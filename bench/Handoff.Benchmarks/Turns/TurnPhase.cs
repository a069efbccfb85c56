using System.Diagnostics;
using System.Net;
using System.Text;
using System.Net.Http.Headers;
using Handoff.Benchmarks.Load;
using Handoff.Benchmarks.Measurement;
using Handoff.Benchmarks.Reporting;
using Handoff.Benchmarks.SystemUnderTest;
using Handoff.TestSupport;

namespace Handoff.Benchmarks.Turns;

/// <summary>
/// Conversation turns answered by a chat model, on a system of its own whose <c>ConnectionStrings:chat</c> is an
/// OpenAI-compatible stand-in that takes <see cref="ModelDelay"/> to answer: how fast a message is acknowledged (the
/// 200 Teams waits for), and the time the system adds beyond the model's own, from the message posted to the final
/// answer at the Bot Connector. Printed, never judged: a target would only measure this machine.
/// </summary>
public sealed class TurnPhase(BenchOptions options, BenchReport report, Action<string> say)
{
    private const string Section = "conversation turns (chat model stand-in, own system)";
    private static readonly TimeSpan ModelDelay = TimeSpan.FromMilliseconds(500);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var turns = options.Quick ? 50 : 300;
        var concurrency = Math.Min(options.Concurrency, 32);
        await using var connector = await RecordingConnector.StartAsync();
        await using var model = await ChatModelStandIn.StartAsync(_ => "A short answer from the stand-in model.");
        model.FirstTokenDelay = ModelDelay;
        say($"Turns: a third AppHost with ConnectionStrings:chat on a stand-in model that answers in {ModelDelay.TotalMilliseconds:F0} ms…");
        await using var system = await HandoffSystem.StartWithChatModelAsync(model.ConnectionString, cancellationToken);
        using var http = Benchmark.CreateClient();

        // One warm-up turn: the first also waits for connections and JIT.
        await TurnAsync(http, system.MessagesEndpoint, connector, $"a:turn-warm-up", cancellationToken);
        var ack = new LatencyHistogram();
        var added = new LatencyHistogram();
        var answered = 0;
        say($"Turns: {turns} messages, {concurrency} concurrent, each in its own personal chat…");
        await Parallel.ForEachAsync(Enumerable.Range(0, turns), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (turn, token) =>
            {
                var (acknowledged, answer) = await TurnAsync(http, system.MessagesEndpoint, connector, $"a:turn-{turn}", token);
                ack.Record(acknowledged);
                if (answer is { } total)
                {
                    Interlocked.Increment(ref answered);
                    added.Record(total - ModelDelay);
                }
            });

        var acks = ack.Summarise();
        var overhead = added.Summarise();
        report.Add(Section, "message acknowledged (200), p50", acks.P50, "ms");
        report.Add(Section, "message acknowledged (200), p99", acks.P99, "ms");
        report.Add(Section, "time added beyond the model's own, p50", overhead.P50, "ms");
        report.Add(Section, "time added beyond the model's own, p99", overhead.P99, "ms");
        report.Add(Section, "turns answered", answered, $"of {turns}");
        report.Details["turns"] = new { turns, concurrency, modelDelayMs = ModelDelay.TotalMilliseconds, ack = acks, added = overhead, answered, loadAverage = ProcessStats.LoadAverage() };
        say($"Turns: ack p50 {acks.P50:F1} ms, p99 {acks.P99:F1} ms; added beyond the model's {ModelDelay.TotalMilliseconds:F0} ms: p50 {overhead.P50:F0} ms, p99 {overhead.P99:F0} ms; {answered} of {turns} answered; load {ProcessStats.LoadAverage()}");
    }

    /// <returns>The time to the 200, and to the final answer at the connector (null when none came in 30 s).</returns>
    private static async Task<(TimeSpan Acknowledged, TimeSpan? Answered)> TurnAsync(HttpClient http, Uri messagesEndpoint, RecordingConnector connector,
        string conversationId, CancellationToken cancellationToken)
    {
        var user = Guid.NewGuid().ToString();
        var body = $$$"""
            {"type":"message","id":"{{{Guid.NewGuid():N}}}","channelId":"msteams","serviceUrl":"{{{connector.ServiceUrl.AbsoluteUri}}}",
            "from":{"id":"29:{{{user}}}","aadObjectId":"{{{user}}}"},"recipient":{"id":"28:{{{TeamsTraffic.BotAppId}}}"},
            "conversation":{"id":"{{{conversationId}}}","conversationType":"personal","tenantId":"tenant-turns"},
            "channelData":{"tenant":{"id":"tenant-turns"}},"locale":"en-US","text":"what should I do first?"}
            """;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = Json;
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync(messagesEndpoint, content, cancellationToken);
        var acknowledged = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"A message was answered {(int)response.StatusCode}.");
        }

        try
        {
            await connector.WaitForMessagesAsync(conversationId, 1, TimeSpan.FromSeconds(30));
            return (acknowledged, clock.Elapsed);
        }
        catch (TimeoutException)
        {
            return (acknowledged, null);
        }
    }
}

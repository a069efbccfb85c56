using System.Net;
using Handoff.Contracts;
using Handoff.Fuzz;
using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// The fuzzer's corpus and findings (tests/Fuzz.Corpus) replayed against the running gateway, and a short
/// fuzz run with a fixed seed. The full run is <c>dotnet run -c Release --project tools/fuzz/Handoff.Fuzz</c>.
/// </summary>
[Collection(TestStreams.Behaviour)]
public sealed class FuzzTests(HandoffSystemFixture system)
{
    private static readonly SeedCorpus Corpus = SeedCorpus.Load();

    public static TheoryData<string> Seeds => [.. Corpus.Seeds.Select(seed => seed.Name)];

    public static TheoryData<string> Findings => [.. Corpus.FindingFiles().Select(path => Path.GetFileName(path))];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_seed_activity_is_answered_with_200_or_501(string seed)
    {
        using var sender = new Sender(system.AppHost.MessagesEndpoint, system.Connector.ServiceUrl, 1);

        var outcome = await sender.SendAsync(Corpus.Unmutated().Single(c => c.Seed == seed), TestContext.Current.CancellationToken);

        Assert.True(outcome.Status is 200 or 501, $"{seed}: {outcome.Label}");
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public async Task Every_saved_finding_gets_no_5xx_other_than_501(string finding)
    {
        var fuzzCase = FuzzCase.Load(Path.Combine(Corpus.Directory, "findings", finding));
        using var sender = new Sender(system.AppHost.MessagesEndpoint, system.Connector.ServiceUrl, 1);

        var outcome = await sender.SendAsync(fuzzCase, TestContext.Current.CancellationToken);

        Assert.False(FuzzSummary.IsFailure(fuzzCase, outcome), $"{outcome.Label} for {fuzzCase.Describe()}");
    }

    /// <summary>
    /// Found by the fuzzer: ConversationState's 429 (one user's open handoffs over the limit) counted as a failure
    /// in the gateway's circuit breaker, so one busy user made every other user's Copilot query a 503.
    /// </summary>
    [Fact]
    public async Task One_user_over_the_open_handoff_limit_leaves_handoffs_working_for_everyone_else()
    {
        var busy = system.NewUser();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var mine = new List<HttpStatusCode>();
            for (var i = 0; i < 40; i++)
            {
                mine.Add((await busy.CopilotQueryAsync($"task {i}")).StatusCode);
            }

            return mine;
        }));

        var overLimit = await (await busy.CopilotQueryAsync("one more")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var other = await system.NewUser().CopilotQueryAsync("write my weekly status update");

        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Contains("many Copilot handoffs waiting", overLimit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.NotEmpty(await TeamsChannel.CardsAsync(other));
    }

    /// <summary>Its own AppHost: the load must not evict other tests' telemetry, and the PIDs must be this run's.</summary>
    [Fact]
    public async Task Three_thousand_mutated_activities_and_slow_clients_get_no_5xx_other_than_501_and_the_gateway_survives()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AspireAppHost.StartAsync(cancellation);
        var gateway = new GatewayProcess(host.ProcessOf(ResourceNames.BotGateway));
        var rssBefore = gateway.RssKiB;

        var summary = await new FuzzRun(new FuzzSettings(Requests: 3_000, Seed: 20260124, Concurrency: 8, SlowLorisConnections: 2),
            host.MessagesEndpoint, connector.ServiceUrl, Corpus).RunAsync(cancellation);

        TestContext.Current.SendDiagnosticMessage(
            $"{summary.Sent} requests in {summary.Duration.TotalSeconds:F1} s: {string.Join(" ", summary.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"))}; " +
            $"gateway RSS {rssBefore / 1024} → {gateway.RssKiB / 1024} MiB");
        Assert.True(summary.Findings.IsEmpty, string.Join(Environment.NewLine, summary.Findings.Take(10).Select(f => $"case {f.Index}: {f.Outcome.Label} ← {f.Case.Describe()}")));
        Assert.Empty(summary.SlowClientsNotCutOff);
        Assert.True(gateway.IsAlive, $"The gateway (PID {gateway.Pid}) is gone.");
        Assert.DoesNotContain("crashed (state", host.Output, StringComparison.Ordinal);
        Assert.Contains(summary.ByStatus.Keys, status => status == "400");
    }
}

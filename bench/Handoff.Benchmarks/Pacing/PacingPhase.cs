using System.Diagnostics;
using System.Net;
using Handoff.Benchmarks.Load;
using Handoff.Benchmarks.Measurement;
using Handoff.Benchmarks.Reporting;
using Handoff.Benchmarks.SystemUnderTest;
using Handoff.TestSupport;

namespace Handoff.Benchmarks.Pacing;

/// <summary>
/// The Bot Connector pacing as shipped, on a system of its own: 100 tenants' handoffs clicked tenant after tenant
/// (so each tenant in turn sends far more than 50/s), a few of each tenant's in one chat (so a conversation's
/// windows bind too), judged where the sends arrive: the most any tenant got in any 1 s and any conversation in
/// any 1 s and 2 s, against the total rate and the connector calls per handoff.
/// </summary>
public sealed class PacingPhase(BenchOptions options, BenchReport report, Action<string> say)
{
    private const int Tenants = 100;
    private const int HandoffsInOneChat = 3;
    private const string Section = "pacing on (Teams' limits, 100 tenants, own system)";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var perTenant = options.Quick ? 20 : 60;
        await using var connector = await PacingConnector.StartAsync();
        say("Pacing: a second AppHost with the Bot Connector pacing on (50/s per tenant; 7/1 s, 8/2 s, 60/30 s, 1,800/h per conversation), the inbound limits lifted…");
        await using var system = await HandoffSystem.StartWithPacingAsync(cancellationToken);
        using var http = Benchmark.CreateClient();
        var traffic = Enumerable.Range(0, Tenants)
            .Select(tenant => new TeamsTraffic(http, system.MessagesEndpoint, connector.ServiceUrl, $"tenant-pacing-{tenant:000}")).ToArray();

        say($"Pacing: minting {perTenant} tokens for each of {Tenants} tenants…");
        var tokens = new List<MintedToken>[Tenants];
        await Parallel.ForEachAsync(Enumerable.Range(0, Tenants), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency / 2, CancellationToken = cancellationToken },
            async (tenant, token) => tokens[tenant] = await MintAsync(traffic[tenant], perTenant, token));

        var clicks = Enumerable.Range(0, Tenants).SelectMany(tenant => tokens[tenant].Select((token, i) =>
            (Tenant: tenant, Token: token, Conversation: i < HandoffsInOneChat ? $"a:pacing-{tenant}-chat" : $"a:pacing-{tenant}-{i}"))).ToArray();
        say($"Pacing: {clicks.Length:N0} clicks, tenant after tenant, {options.Concurrency} concurrent, then every welcome drains…");
        long acknowledged = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(clicks, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (click, token) =>
        {
            if (await traffic[click.Tenant].ClickAsync(click.Token, click.Conversation, token) == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref acknowledged);
            }
        });
        var clicked = clock.Elapsed;
        while (connector.Welcomes < acknowledged && clock.Elapsed < clicked + TimeSpan.FromMinutes(3))
        {
            await Task.Delay(250, cancellationToken);
        }

        // The task's step and the feedback question follow the last welcome.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        Report(connector, acknowledged, clicked);
    }

    private static async Task<List<MintedToken>> MintAsync(TeamsTraffic traffic, int count, CancellationToken cancellationToken)
    {
        var tokens = new List<MintedToken>();
        while (tokens.Count < count)
        {
            var query = await traffic.QueryAsync(cancellationToken);
            if (query.Status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"A Copilot query answered {(int)query.Status} while minting the pacing phase's tokens.");
            }

            tokens.AddRange(query.Tokens.Select(token => new MintedToken(query.User, token)));
        }

        return tokens[..count];
    }

    private void Report(PacingConnector connector, long acknowledged, TimeSpan clicked)
    {
        var calls = connector.Calls;
        var byTenant = calls.GroupBy(call => call.TenantId ?? "(none)").ToArray();
        var byConversation = calls.GroupBy(call => call.ConversationId).ToArray();
        int Most(IEnumerable<IGrouping<string, PacingConnector.Call>> groups, double seconds) =>
            groups.Select(group => SlidingWindow.MostIn(group.Select(call => call.At), TimeSpan.FromSeconds(seconds))).DefaultIfEmpty(0).Max();

        var span = calls.Count < 2 ? TimeSpan.Zero : calls.Max(call => call.At) - calls.Min(call => call.At);
        var perSecond = span > TimeSpan.Zero ? calls.Count / span.TotalSeconds : 0;
        var tenant1s = Most(byTenant, 1);
        var conversation1s = Most(byConversation, 1);
        var conversation2s = Most(byConversation, 2);
        var perHandoff = acknowledged == 0 ? 0 : (double)calls.Count / acknowledged;

        report.Add(Section, "most calls to one tenant in any 1 s", tenant1s, "calls", target: "≤ 50", met: tenant1s <= 50);
        report.Add(Section, "most calls to one conversation in any 1 s", conversation1s, "calls", target: "≤ 7", met: conversation1s <= 7);
        report.Add(Section, "most calls to one conversation in any 2 s", conversation2s, "calls", target: "≤ 8", met: conversation2s <= 8);
        report.Add(Section, "connector calls, all tenants together", perSecond, "calls/s", target: "> 50", met: perSecond > 50);
        report.Add(Section, "connector calls per handoff", perHandoff, "calls");
        report.Add(Section, "handoffs welcomed of those acknowledged", connector.Welcomes, $"of {acknowledged}", target: "all", met: connector.Welcomes == acknowledged);
        report.Details["pacing"] = new
        {
            tenants = byTenant.Length,
            handoffsAcknowledged = acknowledged,
            welcomes = connector.Welcomes,
            connectorCalls = calls.Count,
            clicksSeconds = clicked.TotalSeconds,
            callsSpanSeconds = span.TotalSeconds,
            mostPerTenantIn1s = tenant1s,
            mostPerConversationIn1s = conversation1s,
            mostPerConversationIn2s = conversation2s,
            mostPerConversationIn30s = Most(byConversation, 30),
            callsPerSecond = perSecond,
            callsPerHandoff = perHandoff,
            loadAverage = ProcessStats.LoadAverage(),
        };
        say($"Pacing: {calls.Count:N0} calls over {span.TotalSeconds:F1} s ({perSecond:F0}/s), at most {tenant1s} to a tenant in 1 s, {conversation1s} to a conversation in 1 s, {conversation2s} in 2 s; {perHandoff:F2} calls per handoff; load {ProcessStats.LoadAverage()}");
    }
}

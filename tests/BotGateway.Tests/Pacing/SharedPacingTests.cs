using System.Diagnostics;
using System.Globalization;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.BotFramework.Connector.Pacing;
using Handoff.BotGateway.Localization;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StackExchange.Redis;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>
/// Two gateway replicas pacing through one real Redis, sending over HTTP to a recording Bot Connector. Counts are
/// taken, in sliding windows, of the slot the pacing gave each send (stamped on the request inside the limiter and
/// read where it arrives): on a loaded 2-core machine the way from the slot to the connector adds up to a second of
/// jitter (arrival counts of 80 and 100 in 1 s were seen), which Teams would answer with a 429 and Retry-After; the
/// arrival counts are printed beside. Timings are left loose because the machine is shared.
/// </summary>
[Collection(nameof(SharedPacingTests))]
public sealed class SharedPacingTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_share_one_tenants_fifty_sends_a_second_and_deliver_every_send()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var first = await ReplicaAsync(connector);
        await using var second = await ReplicaAsync(connector);
        var tenant = $"tenant-{Guid.NewGuid()}";
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 160).Select(i => (i % 2 == 0 ? first : second).Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, tenant, $"a:{i}"), OutgoingActivity.Message($"{i}", ReplyLanguage.English), Cancellation)));

        var most = connector.MostPacedIn(arrival => arrival.TenantId, TimeSpan.FromSeconds(1));
        output.WriteLine($"160 sends of one tenant from two replicas in {clock.Elapsed.TotalSeconds:F1} s; the most slots in any 1 s: {most}, arrived: {connector.MostIn(arrival => arrival.TenantId, TimeSpan.FromSeconds(1))}");
        Assert.Equal(160, connector.All.Count(arrival => arrival.TenantId == tenant));
        Assert.True(most <= 50, $"{most} sends of one tenant had slots within 1 s");
        // 160 at 50 per second: the last three batches each wait out a window.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), $"160 sends took {clock.Elapsed.TotalSeconds:F1} s: the replicas did not share the limit");
    }

    [Fact]
    public async Task A_hundred_tenants_each_get_their_own_fifty_a_second_and_a_slow_tenants_queue_holds_none_of_them_up()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var first = await ReplicaAsync(connector);
        await using var second = await ReplicaAsync(connector);
        var run = Guid.NewGuid();
        var slow = $"slow-{run}";
        // 600 sends: twelve windows of the slow tenant's limit.
        var slowSends = Enumerable.Range(0, 600).Select(i => first.Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, slow, $"a:{i}"), OutgoingActivity.Message("slow", ReplyLanguage.English), Cancellation)).ToArray();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 100).SelectMany(tenant => Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, $"tenant-{tenant}-{run}", $"a:{tenant}:{i}"), OutgoingActivity.Message("fast", ReplyLanguage.English), Cancellation))));
        var othersDone = clock.Elapsed;
        var slowDelivered = connector.All.Count(arrival => arrival.TenantId == slow);
        await Task.WhenAll(slowSends);

        var most = connector.MostPacedIn(arrival => arrival.TenantId, TimeSpan.FromSeconds(1));
        output.WriteLine($"2,000 sends of 100 tenants in {othersDone.TotalSeconds:F1} s, while the slow tenant had {slowDelivered} of 600 delivered; the most slots of one tenant in any 1 s: {most}, arrived: {connector.MostIn(arrival => arrival.TenantId, TimeSpan.FromSeconds(1))}");
        Assert.Equal(2600, connector.All.Count(arrival => !arrival.TenantId!.StartsWith("warm-up-", StringComparison.Ordinal)));
        Assert.True(slowDelivered < 500, $"the slow tenant had {slowDelivered} of 600 delivered before the others were done: they waited for it");
        Assert.True(most <= 50, $"{most} sends of one tenant had slots within 1 s");
        Assert.True(2000 / othersDone.TotalSeconds > 50, "the hundred tenants together got no more than one tenant's limit");
    }

    [Fact]
    public async Task A_slow_tenants_waiting_typing_indicators_do_not_hold_up_another_tenants()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var replica = await ReplicaAsync(connector);
        var sender = replica.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<BackgroundSender>().Single();
        await sender.StartAsync(Cancellation);
        var queue = replica.Services.GetRequiredService<BackgroundSends>();
        var slow = $"slow-{Guid.NewGuid()}";
        var fast = $"fast-{Guid.NewGuid()}";
        var clock = Stopwatch.StartNew();

        // Four seconds of the slow tenant's limit, queued first.
        for (var i = 0; i < 200; i++)
        {
            queue.Enqueue(GatewayReplica.Address(connector.ServiceUrl, slow, $"a:{i}"), OutgoingActivity.Typing());
        }

        queue.Enqueue(GatewayReplica.Address(connector.ServiceUrl, fast, "a:1"), OutgoingActivity.Typing());
        while (!connector.All.Any(arrival => arrival.TenantId == fast) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, Cancellation);
        }

        var slowBefore = connector.All.Count(arrival => arrival.TenantId == slow);
        await sender.StopAsync(CancellationToken.None);
        Assert.Contains(connector.All, arrival => arrival.TenantId == fast);
        Assert.True(slowBefore < 150, $"the other tenant's typing came after {slowBefore} of the slow tenant's 200: it waited for them");
    }

    [Fact]
    public async Task One_conversation_fed_by_two_replicas_stays_within_its_one_and_two_second_windows_oldest_first()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var first = await ReplicaAsync(connector);
        await using var second = await ReplicaAsync(connector);
        var tenant = $"tenant-{Guid.NewGuid()}";

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => (i % 2 == 0 ? first : second).Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, tenant, "a:busy"), OutgoingActivity.Message($"{i % 2}:{i / 2}", ReplyLanguage.English), Cancellation)));

        var arrivals = connector.All.Where(arrival => arrival.TenantId == tenant).ToArray();
        var times = arrivals.Select(arrival => arrival.PacingSlot!.Value).ToArray();
        Assert.Equal(24, arrivals.Length);
        Assert.True(SlidingWindow.MostIn(times, TimeSpan.FromSeconds(1)) <= 7, $"{SlidingWindow.MostIn(times, TimeSpan.FromSeconds(1))} in 1 s");
        Assert.True(SlidingWindow.MostIn(times, TimeSpan.FromSeconds(2)) <= 8, $"{SlidingWindow.MostIn(times, TimeSpan.FromSeconds(2))} in 2 s");
        foreach (var replica in new[] { "0:", "1:" })
        {
            // Sends let go together arrive in any order; a later send let go a window after an earlier one may not.
            var sequence = arrivals.Where(arrival => arrival.Text!.StartsWith(replica, StringComparison.Ordinal))
                .OrderBy(arrival => int.Parse(arrival.Text![2..], CultureInfo.InvariantCulture)).Select(arrival => arrival.At).ToArray();
            Assert.All(sequence.Skip(1).Zip(sequence), pair => Assert.True(pair.First >= pair.Second - TimeSpan.FromMilliseconds(300),
                $"replica {replica} sent a later send {(pair.Second - pair.First).TotalMilliseconds:F0} ms before an earlier one"));
        }
    }

    [Fact]
    public async Task A_conversation_over_its_thirty_second_window_waits_for_it()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var replica = await ReplicaAsync(connector, new Dictionary<string, string?>
        {
            ["Connector:SendsPerSecondPerConversation"] = "100",
            ["Connector:SendsPer2SecondsPerConversation"] = "100",
            ["Connector:SendsPer30SecondsPerConversation"] = "10",
        });
        var tenant = $"tenant-{Guid.NewGuid()}";

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => replica.Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, tenant, "a:1"), OutgoingActivity.Message($"{i}", ReplyLanguage.English), Cancellation)));

        var arrivals = connector.All.Where(arrival => arrival.TenantId == tenant).OrderBy(arrival => arrival.At).ToArray();
        Assert.Equal(12, arrivals.Length);
        Assert.True(arrivals[10].At - arrivals[0].At >= TimeSpan.FromSeconds(29.5), $"the 11th send came {(arrivals[10].At - arrivals[0].At).TotalSeconds:F1} s after the first");
        Assert.Equal(["10", "11"], arrivals[10..].Select(arrival => arrival.Text).Order());
    }

    [Fact]
    public async Task Each_send_costs_one_script_call_to_Redis()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var replica = await ReplicaAsync(connector);
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints().Single());
        var tenant = $"tenant-{Guid.NewGuid()}";
        var before = await CommandCountsAsync(server);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 40; i++)
        {
            await replica.Connector.SendAsync(GatewayReplica.Address(connector.ServiceUrl, tenant, $"a:{i}"), OutgoingActivity.Typing(), Cancellation);
        }

        var elapsed = clock.Elapsed;
        var after = await CommandCountsAsync(server);
        var scripts = Delta(after, before, "evalsha") + Delta(after, before, "eval");
        var usecPerScript = (Delta(after, before, "evalsha:usec") + Delta(after, before, "eval:usec")) / (double)scripts;
        var others = after.Keys.Where(command => !ScriptCommands.Contains(command.Split(':')[0])).Sum(command => Delta(after, before, command));
        output.WriteLine($"40 sends one after another: {scripts} script calls ({Delta(after, before, "evalsha")} EVALSHA), {others} other commands, {usecPerScript:F0} µs in Redis per script, {elapsed.TotalMilliseconds / 40:F1} ms per send over HTTP");
        // This class has a Redis of its own (a class fixture) and runs alone, so the counts are this replica's.
        Assert.Equal(40, scripts);
        Assert.Equal(0, others);

        var schedule = new RedisSendSchedule(admin, PacingLimits.From(new ConnectorOptions()));
        var reservations = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            Assert.True((await schedule.ReserveAsync(new PacingKey($"tenant-{Guid.NewGuid()}", "a:1"), Cancellation)).Reserved);
        }

        output.WriteLine($"one reservation, round trip from the client: {reservations.Elapsed.TotalMilliseconds / 200:F2} ms on average over 200");
    }

    [Fact]
    public async Task Without_Redis_sends_still_go_out_paced_by_each_replica_at_its_share_and_a_warning_says_so()
    {
        await using var connector = await RecordingConnector.StartAsync();
        // Nothing listens on port 1: the gateway starts anyway and never fails a send for it.
        await using var replica = GatewayReplica.Create("127.0.0.1:1,connectTimeout=500", new Dictionary<string, string?> { ["Connector:ReplicaCount"] = "2" });
        await replica.WarmUpAsync(connector.ServiceUrl, 25, Cancellation);
        using var local = new MetricCollector<long>(replica.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Handoff", "handoff.connector.rate_limit.local");
        var tenant = $"tenant-{Guid.NewGuid()}";

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => replica.Connector.SendAsync(
            GatewayReplica.Address(connector.ServiceUrl, tenant, $"a:{i}"), OutgoingActivity.Message($"{i}", ReplyLanguage.English), Cancellation)));

        var most = connector.MostPacedIn(arrival => arrival.TenantId, TimeSpan.FromSeconds(1));
        Assert.Equal(60, connector.All.Count(arrival => arrival.TenantId == tenant));
        Assert.True(most <= 25, $"{most} sends of one tenant had slots within 1 s");
        Assert.Equal(60, local.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
        Assert.Contains(replica.Logs.GetSnapshot(), log => log.Level == Microsoft.Extensions.Logging.LogLevel.Warning && log.Message.Contains("cannot reach Redis", StringComparison.Ordinal));
    }

    /// <summary>The script and what it calls inside (which Redis counts too), INFO (this test's), and the client's keep-alive.</summary>
    private static readonly HashSet<string> ScriptCommands = ["eval", "evalsha", "time", "zrange", "zremrangebyscore", "zadd", "pexpireat", "info", "ping", "echo"];

    private async Task<GatewayReplica> ReplicaAsync(RecordingConnector connector, IDictionary<string, string?>? settings = null)
    {
        var replica = GatewayReplica.Create(redis.ConnectionString, settings);
        await replica.WarmUpAsync(connector.ServiceUrl, 60, Cancellation);
        return replica;
    }

    private static long Delta(Dictionary<string, long> after, Dictionary<string, long> before, string command) =>
        after.GetValueOrDefault(command) - before.GetValueOrDefault(command);

    /// <summary><c>INFO commandstats</c>: each command's calls and µs.</summary>
    private static async Task<Dictionary<string, long>> CommandCountsAsync(IServer server)
    {
        var counts = new Dictionary<string, long>();
        foreach (var (key, value) in (await server.InfoAsync("commandstats")).SelectMany(group => group))
        {
            var fields = value.Split(',').Select(field => field.Split('=')).ToDictionary(field => field[0], field => field[1]);
            var command = key["cmdstat_".Length..];
            counts[command] = long.Parse(fields["calls"], CultureInfo.InvariantCulture);
            counts[$"{command}:usec"] = long.Parse(fields["usec"], CultureInfo.InvariantCulture);
        }

        return counts;
    }
}

/// <summary>
/// The pacing tests count commands on Redis; a gateway another test left running paced a send on the assembly's Redis
/// (41 scripts of 40 in CI). The class has a Redis of its own, and this collection runs after the others, alone.
/// </summary>
[CollectionDefinition(nameof(SharedPacingTests), DisableParallelization = true)]
public sealed class SharedPacingAlone;


using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Restarts;
using Handoff.Contracts;
using Handoff.TestSupport.AppHost;
using Handoff.TestSupport.Brokers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// <c>--redis-replicas 2</c> on the real AppHost (its brokers alone): a primary, two replicas and three sentinels as
/// Aspire executables under one parent. kill -9 of the primary: the sentinels promote a replica, the AppHost restarts
/// the killed node and it follows the new primary; what a client wrote through the Sentinel connection string the
/// AppHost publishes, acknowledged by both replicas (WAIT, as ConversationState's ReplicaAcks does), is still there.
/// </summary>
[Collection(TestStreams.Behaviour)]
public sealed class RedisSentinelTests
{
    /// <summary>down-after-milliseconds is 1 s; the election and REPLICAOF NO ONE take a few more on a busy machine.</summary>
    private static readonly TimeSpan PromotedWithin = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RecoversWithin = TimeSpan.FromSeconds(60);
    private const int Keys = 200;

    [Fact]
    public async Task Killing_the_primary_promotes_a_replica_the_killed_node_returns_as_its_replica_and_acknowledged_writes_survive()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var run = await BrokerRun.StartAsync("redis-sentinel-report.txt", cancellation, "--redis-replicas", "2");
        var (host, states, report, processes) = (run.Host, run.States, run.Report, run.Processes);
        var set = host.ModelResource<RedisReplicaSetResource>();

        Assert.Equal(["redis-0", "redis-1", "redis-2"], set.Nodes.Select(node => node.Name));
        Assert.Equal(["redis-sentinel-0", "redis-sentinel-1", "redis-sentinel-2"], set.Sentinels.Select(sentinel => sentinel.Name));
        Assert.All(set.Nodes.Concat(set.Sentinels), member =>
        {
            var snapshot = host.Snapshot(member.Name);
            Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
            Assert.Contains(snapshot.Relationships, relationship => relationship.Type == "Parent" && relationship.ResourceName == ResourceNames.Redis);
        });
        Assert.Equal(HealthStatus.Healthy, host.Snapshot(ResourceNames.Redis).HealthStatus);
        var connectionString = await host.ConnectionStringAsync(ResourceNames.Redis);
        Assert.Equal(string.Join(",", set.Sentinels.Select(sentinel => $"127.0.0.1:{sentinel.Port}")) + ",serviceName=redis", connectionString);

        // The sentinels name the first node, with both replicas and each other; the replicas follow it.
        var oldPrimary = set.Nodes[0].Port;
        var views = await SentinelViewsAsync(set, cancellation);
        report.Add($"connection string {connectionString}; sentinels: {string.Join("; ", views.Select(view => view.Describe()))}");
        Assert.All(views, view =>
        {
            Assert.Equal(oldPrimary, view.PrimaryPort);
            Assert.Equal("ok", view.Status);
            Assert.Equal("slaves=2,sentinels=3", view.Counts);
        });
        foreach (var replica in set.Nodes.Skip(1))
        {
            await WaitForReplicaOfAsync(replica, oldPrimary, TimeSpan.FromSeconds(10), cancellation);
        }

        // A client as the services are one: through the sentinels, not failing when a node does not answer.
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var database = redis.GetDatabase();
        var prefix = $"sentinel-test:{Guid.NewGuid():N}";
        await Task.WhenAll(Enumerable.Range(0, Keys).Select(index => database.StringSetAsync($"{prefix}:{index}", $"before-{index}")));
        Assert.Equal(oldPrimary, Port(await database.IdentifyEndpointAsync($"{prefix}:0")));
        Assert.Equal(2L, (long)await database.ExecuteAsync("WAIT", 2, 5000));

        processes.Add(host.AllProcesses());

        var kill = host.Kill("redis-0");
        var clock = Stopwatch.StartNew();
        var restarting = host.WaitForRestartAsync(kill, RecoversWithin, cancellation);
        var promotion = await WaitForPromotionAsync(set, oldPrimary, clock, cancellation);
        report.Add($"redis-0 (pid {kill.Pid}, port {oldPrimary}) killed; a sentinel named {promotion.NewPrimary} {promotion.FirstNamed.TotalSeconds:F1} s later, " +
            $"all three {promotion.AllAgreed.TotalSeconds:F1} s later; sentinels: {string.Join("; ", promotion.Views.Select(view => view.Describe()))}");
        var newPrimary = set.Nodes.Single(node => node.Port == promotion.NewPrimary);
        Assert.Equal("master", (await RedisInfo.ReadAsync(newPrimary.Port, "replication", cancellation))["role"]);

        var after = await WriteAcknowledgedAsync(database, $"{prefix}:after", clock, cancellation);
        report.Add($"the first write through the connection string that a replica acknowledged after the kill: {after.Key} on port {after.Port}, " +
            $"{after.At.TotalSeconds:F1} s after it; {after.Unacknowledged.Count} writes before it were accepted with no replica (WAIT 1 answered 0)" +
            (after.Unacknowledged.Count == 0 ? "" : $", on port(s) {string.Join(", ", after.Unacknowledged.Select(write => write.Port).Distinct())}"));
        Assert.Equal(newPrimary.Port, after.Port);
        var restart = await restarting;
        var crashSeen = states.FirstAfter(kill.ResourceId, kill.At, change => change.State == KnownResourceStates.Exited || change.State == KnownResourceStates.Finished);
        report.Add($"redis-0 restarted as pid {restart.Pid}, Running and healthy {restart.RecoveryTime.TotalSeconds:F1} s after the kill " +
            $"({(restart.RecoveryTime < promotion.AllAgreed ? "before" : "after")} the sentinels agreed on the new primary); states: {states.Describe(kill.ResourceId, kill.At)}");
        Assert.True(crashSeen is not null, run.Summary);
        Assert.True(await host.LoggedAsync($"{kill.ResourceId} crashed", TimeSpan.FromSeconds(10), cancellation), host.Output);
        Assert.Equal("1", host.Snapshot("redis-0").Property(CrashRestarts.RestartsProperty));

        // The sentinels turn the returning node into a replica of the node they promoted. On a loaded machine the new
        // primary can stall past down-after-milliseconds (a full sync's fork) and be failed over in turn: what must hold
        // is that the set settles on one primary with every other node its replica, and no acknowledged write is lost.
        var settled = await WaitForSettledSetAsync(set, RecoversWithin, cancellation);
        report.Add($"the set settled {clock.Elapsed.TotalSeconds:F1} s after the kill on {settled.Primary.Name} as primary" +
            (settled.Primary == newPrimary ? "" : $" (a second failover after {newPrimary.Name}'s promotion)") +
            $", every other node its replica with the link up; sentinels: {string.Join("; ", settled.Views.Select(view => view.Describe()))}");
        Assert.Equal(2L, (long)await database.ExecuteAsync("WAIT", 2, 5000));

        // Every acknowledged write is there, through the connection string and on the node that was killed.
        var lost = new List<string>();
        for (var index = 0; index < Keys; index++)
        {
            var key = $"{prefix}:{index}";
            if ((string?)await database.StringGetAsync(key) != $"before-{index}" || await RedisInlineCommand.SendAsync(oldPrimary, $"GET {key}", cancellation) != $"before-{index}")
            {
                lost.Add(key);
            }
        }

        Assert.True(lost.Count == 0, $"{lost.Count} of {Keys} acknowledged writes lost, e.g. {string.Join(", ", lost.Take(5))}{Environment.NewLine}{run.Summary}");
        Assert.Equal("after", (string?)await database.StringGetAsync(after.Key));
        Assert.Equal("after", await RedisInlineCommand.SendAsync(oldPrimary, $"GET {after.Key}", cancellation));
        var unacknowledgedKept = 0;
        foreach (var write in after.Unacknowledged)
        {
            unacknowledgedKept += (string?)await database.StringGetAsync(write.Key) == "after" ? 1 : 0;
        }

        report.Add($"of the {after.Unacknowledged.Count} writes no replica acknowledged, {unacknowledgedKept} are on the new primary");
        await host.WaitForSnapshotAsync(ResourceNames.Redis, parent => parent.State?.Text == KnownResourceStates.Running
            && parent.HealthStatus == HealthStatus.Healthy && parent.Property("members.running") == "6 of 6", RecoversWithin, cancellation);
        report.Add($"{Keys} writes from before the kill and the acknowledged one after read back through the sentinels and from redis-0; redis Running and healthy {clock.Elapsed.TotalSeconds:F1} s after the kill");

        processes.Add(host.AllProcesses());
        Assert.Equal(7, processes.Commands.Count(command => command == "redis-server"));
        var stopTime = await host.StopAsync(cancellation);
        var survivors = await processes.SurvivorsAfterAsync(TimeSpan.FromSeconds(10), cancellation);
        report.Add($"stopped in {stopTime.TotalSeconds:F1} s; processes followed: {processes}; survivors: {(survivors.Count == 0 ? "none" : string.Join(", ", survivors))}");
        Assert.True(survivors.Count == 0, run.Summary);
    }

    /// <summary>Polls the sentinels until all three name a primary other than the killed one.</summary>
    private static async Task<Promotion> WaitForPromotionAsync(RedisReplicaSetResource set, int oldPrimary, Stopwatch clock, CancellationToken cancellationToken)
    {
        TimeSpan? firstNamed = null;
        var views = new List<SentinelView>();
        while (clock.Elapsed < PromotedWithin)
        {
            views = [.. await SentinelViewsAsync(set, cancellationToken)];
            var promoted = views.Where(view => view.PrimaryPort is { } port && port != oldPrimary).ToList();
            if (promoted.Count > 0)
            {
                firstNamed ??= clock.Elapsed;
                if (promoted.Count == views.Count && promoted.Select(view => view.PrimaryPort).Distinct().Count() == 1)
                {
                    return new Promotion(promoted[0].PrimaryPort!.Value, firstNamed.Value, clock.Elapsed, views);
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"The sentinels did not agree on a promoted replica within {PromotedWithin.TotalSeconds:F0} s of the kill: " +
            string.Join("; ", views.Select(view => view.Describe())));
        return null!;
    }

    private static async Task<IReadOnlyList<SentinelView>> SentinelViewsAsync(RedisReplicaSetResource set, CancellationToken cancellationToken) =>
        await Task.WhenAll(set.Sentinels.Select(async sentinel =>
        {
            var info = await RedisInfo.ReadAsync(sentinel.Port, "sentinel", cancellationToken);
            var master = info.Values.Select(RedisInfo.Pairs).FirstOrDefault(pairs => pairs.GetValueOrDefault("name") == set.ServiceName) ?? new Dictionary<string, string>();
            var address = master.GetValueOrDefault("address");
            return new SentinelView(sentinel.Name,
                address is null ? null : int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture),
                master.GetValueOrDefault("status"), $"slaves={master.GetValueOrDefault("slaves")},sentinels={master.GetValueOrDefault("sentinels")}");
        }));

    /// <summary>
    /// Polls until the three sentinels name one primary, that node says it is the primary and every other node is its
    /// replica with the link up.
    /// </summary>
    private static async Task<SettledSet> WaitForSettledSetAsync(RedisReplicaSetResource set, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var seen = "nothing read yet";
        while (clock.Elapsed < timeout)
        {
            try
            {
                var views = await SentinelViewsAsync(set, cancellationToken);
                var named = views.Select(view => view.PrimaryPort).Distinct().ToList();
                seen = string.Join("; ", views.Select(view => view.Describe()));
                if (named is [int port] && set.Nodes.SingleOrDefault(node => node.Port == port) is { } primary)
                {
                    var roles = await Task.WhenAll(set.Nodes.Select(async node => (node, replication: await RedisInfo.ReadAsync(node.Port, "replication", cancellationToken))));
                    seen += "; " + string.Join(", ", roles.Select(role => $"{role.node.Name} {role.replication.GetValueOrDefault("role")}" +
                        (role.node == primary ? "" : $" of {role.replication.GetValueOrDefault("master_port")} link {role.replication.GetValueOrDefault("master_link_status")}")));
                    if (roles.All(role => role.node == primary ? role.replication.GetValueOrDefault("role") == "master" : IsLinkedReplicaOf(role.replication, port)))
                    {
                        return new SettledSet(primary, views);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException)
            {
                // A node down or restarting: asked again below.
                seen = exception.Message;
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"The set did not settle on one primary with every other node its replica within {timeout.TotalSeconds:F0} s: {seen}");
        return null!;
    }

    private static async Task WaitForReplicaOfAsync(RedisServerResource node, int primaryPort, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var replication = (IReadOnlyDictionary<string, string>)new Dictionary<string, string>();
        while (clock.Elapsed < timeout)
        {
            try
            {
                replication = await RedisInfo.ReadAsync(node.Port, "replication", cancellationToken);
                if (IsLinkedReplicaOf(replication, primaryPort))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException)
            {
                // Down or restarting: asked again below.
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"{node.Name} was not a replica of port {primaryPort} with its link up within {timeout.TotalSeconds:F0} s: " +
            string.Join(", ", replication.Where(field => field.Key is "role" or "master_port" or "master_link_status").Select(field => $"{field.Key}:{field.Value}")));
    }

    /// <summary>What INFO replication says of a replica of <paramref name="primaryPort"/> with its link up.</summary>
    private static bool IsLinkedReplicaOf(IReadOnlyDictionary<string, string> replication, int primaryPort) =>
        replication.GetValueOrDefault("role") == "slave" && replication.GetValueOrDefault("master_port") == primaryPort.ToString(CultureInfo.InvariantCulture)
        && replication.GetValueOrDefault("master_link_status") == "up";

    /// <summary>
    /// Writes a key of its own each time until a replica acknowledges one (WAIT 1, as ConversationState's ReplicaAcks): until the
    /// client has learnt the new primary from the sentinels, a write can fail, or be accepted by the killed node restarted
    /// as a primary of nobody, which the sentinels then turn into a replica (what it accepted alone is gone).
    /// </summary>
    private static async Task<AcknowledgedWrite> WriteAcknowledgedAsync(IDatabase database, string prefix, Stopwatch clock, CancellationToken cancellationToken)
    {
        var unacknowledged = new List<AcceptedWrite>();
        Exception? last = null;
        for (var attempt = 0; clock.Elapsed < RecoversWithin; attempt++)
        {
            var key = $"{prefix}-{attempt}";
            try
            {
                var port = Port(await database.IdentifyEndpointAsync(key));
                await database.StringSetAsync(key, "after");
                if ((long)await database.ExecuteAsync("WAIT", 1, 1000) >= 1)
                {
                    return new AcknowledgedWrite(key, port, clock.Elapsed, unacknowledged);
                }

                unacknowledged.Add(new AcceptedWrite(key, port));
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException or RedisServerException)
            {
                last = exception;
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"No write through the sentinels was acknowledged by a replica within {RecoversWithin.TotalSeconds:F0} s of the kill " +
            $"({unacknowledged.Count} accepted without one): {last?.Message}");
        return null!;
    }

    private static int? Port(System.Net.EndPoint? endpoint) => endpoint switch
    {
        System.Net.IPEndPoint ip => ip.Port,
        System.Net.DnsEndPoint dns => dns.Port,
        _ => null,
    };

    private sealed record SentinelView(string Sentinel, int? PrimaryPort, string? Status, string Counts)
    {
        public string Describe() => $"{Sentinel}: primary {PrimaryPort?.ToString(CultureInfo.InvariantCulture) ?? "none"} {Status} {Counts}";
    }

    private sealed record AcceptedWrite(string Key, int? Port);

    private sealed record AcknowledgedWrite(string Key, int? Port, TimeSpan At, IReadOnlyList<AcceptedWrite> Unacknowledged);

    private sealed record SettledSet(RedisServerResource Primary, IReadOnlyList<SentinelView> Views);

    private sealed record Promotion(int NewPrimary, TimeSpan FirstNamed, TimeSpan AllAgreed, IReadOnlyList<SentinelView> Views);
}

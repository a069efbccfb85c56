using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.ServiceDefaults.Tests;

/// <summary>
/// A broker node dies under a steady stream: a three-node cluster, a publisher and a consumer wired as the services are,
/// a quorum queue, and SIGKILL for the node both buses are connected to (it also leads the queue). Every message the
/// broker confirmed must be consumed; duplicates are allowed (the product de-duplicates) and counted.
/// </summary>
public sealed class RabbitMqFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(3);
    // 21 s after the kill: a loaded CI machine once had no confirm in the 11 s after it (749 publishes timed out).
    private static readonly TimeSpan PublishFor = TimeSpan.FromSeconds(24);
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(10);
    // The gateway's own publish timeout (HandoffActionHandler).
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Killing_the_node_the_buses_use_loses_no_confirmed_message()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var directory = TestDirectories.Create("rabbitmq-failover");
        var clock = Stopwatch.StartNew();
        await using var cluster = await RabbitMqCluster.StartAsync(directory, [LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free()],
            _ => { }, _ => TimeSpan.FromMilliseconds(500), cancellation);
        var clusterStart = clock.Elapsed;

        var consumed = new ConsumedMessages();
        using var consumer = await MessagingHost.StartAsync(cluster.ConnectionString, $"failover-{Guid.NewGuid():N}", consumed);
        using var publisher = await MessagingHost.StartAsync(cluster.ConnectionString, queue: null);
        var victim = cluster.Nodes[0];
        TimeSpan? rejoinedAt = null;
        cluster.NodeRestarted += _ => rejoinedAt = consumed.Now;
        var connectedTo = await cluster.ConnectionNodesAsync(cancellation);
        Assert.True(connectedTo.Count > 0 && connectedTo.All(node => node == victim.NodeName),
            $"both buses should be on {victim.NodeName}, the first node of the connection string: [{string.Join(", ", connectedTo)}]");

        var run = await PublishSteadilyWhileKillingAsync(publisher.Services.GetRequiredService<IPublishEndpoint>(), consumed, victim, cancellation);
        var deadline = Stopwatch.StartNew();
        while (run.Confirmed.Keys.Any(sequence => !consumed.Contains(sequence)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, cancellation);
        }

        var report = Report(clusterStart, run, consumed, await cluster.RunningNodesAsync(cancellation), rejoinedAt - run.KilledAt);
        output.WriteLine(report);
        await TestReports.WriteAsync("rabbitmq-failover-report.txt", report);

        await consumer.StopAsync(CancellationToken.None);
        await publisher.StopAsync(CancellationToken.None);
        await cluster.StopAsync();
        TestDirectories.Delete(directory);

        var lost = run.Confirmed.Keys.Where(sequence => !consumed.Contains(sequence)).Order().ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} confirmed messages were never consumed (first: {string.Join(", ", lost.Take(10))})\n{report}");
        Assert.True(run.Confirmed.Values.Any(at => at > run.KilledAt + TimeSpan.FromSeconds(1)), $"publishing never resumed after the kill\n{report}");
        Assert.True(consumed.Deliveries.Any(delivery => delivery.At > run.KilledAt + TimeSpan.FromSeconds(1)), $"consuming never resumed after the kill\n{report}");
    }

    private static async Task<FailoverRun> PublishSteadilyWhileKillingAsync(IPublishEndpoint publisher, ConsumedMessages consumed, RabbitMqNodeProcess victim,
        CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid();
        var confirmed = new ConcurrentDictionary<int, TimeSpan>();
        var unconfirmed = new ConcurrentQueue<string>();
        var publishes = new List<Task>();
        var started = consumed.Now;
        TimeSpan? killedAt = null;
        // Open loop, as clicks arrive: a publish stuck on the dead node does not hold back the ones after it.
        for (var sequence = 1; consumed.Now - started < PublishFor; sequence++)
        {
            if (killedAt is null && consumed.Now - started >= KillAt)
            {
                victim.Process.Kill();
                killedAt = consumed.Now;
            }

            publishes.Add(PublishOneAsync(sequence));
            await Task.Delay(PublishInterval, cancellationToken);
        }

        await Task.WhenAll(publishes);

        async Task PublishOneAsync(int sequence)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            try
            {
                await publisher.Publish(new ProbeMessage(runId, sequence), timeout.Token);
                confirmed[sequence] = consumed.Now;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Not confirmed: the broker may or may not hold it. The gateway, after the same 5 s, redeems the click itself.
                unconfirmed.Enqueue($"{sequence} {exception.GetType().Name}");
            }
        }

        return new FailoverRun(confirmed, [.. unconfirmed], killedAt ?? throw new InvalidOperationException("The node was never killed."));
    }

    private static string Report(TimeSpan clusterStart, FailoverRun run, ConsumedMessages consumed, IReadOnlyList<string> runningAfter, TimeSpan? rejoinedAfter)
    {
        var deliveries = consumed.Deliveries;
        var confirmedTimes = run.Confirmed.Values.Order().ToList();
        var consumedTimes = deliveries.Select(delivery => delivery.At).Order().ToList();
        var distinct = deliveries.Select(delivery => delivery.Sequence).Distinct().Count();
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"RabbitMQ failover: 3-node cluster on loopback, quorum queue, SIGKILL of the node both buses were connected to, {KillAt.TotalSeconds:F0} s into {PublishFor.TotalSeconds:F0} s of publishing (a publish every {PublishInterval.TotalMilliseconds:F0} ms without waiting for the one before, confirms on, {PublishTimeout.TotalSeconds:F0} s timeout as the gateway's)");
        text.AppendLine(culture, $"cluster start (3 nodes, in parallel, until rabbitmqctl reports 3 running): {clusterStart.TotalSeconds:F1} s");
        text.AppendLine(culture, $"published with a confirm: {run.Confirmed.Count}; not confirmed (timed out or failed): {run.Unconfirmed.Count}");
        text.AppendLine(culture, $"consumed: {deliveries.Count} deliveries, {distinct} distinct, {deliveries.Count - distinct} duplicates");
        text.AppendLine(culture, $"confirmed but never consumed: {run.Confirmed.Keys.Count(sequence => !consumed.Contains(sequence))}");
        text.AppendLine(culture, $"publish gap (longest time without a confirm): {LongestGap(confirmedTimes).TotalSeconds:F2} s; first confirm after the kill: {FirstAfter(confirmedTimes, run.KilledAt)}");
        text.AppendLine(culture, $"consume gap (longest time without a delivery): {LongestGap(consumedTimes).TotalSeconds:F2} s; first delivery after the kill: {FirstAfter(consumedTimes, run.KilledAt)}");
        text.AppendLine(culture, $"killed node restarted (0.5 s delay) and answering again: {(rejoinedAfter is { } after ? $"{after.TotalSeconds:F1} s after the kill" : "not yet")}");
        text.AppendLine(culture, $"running nodes at the end: {string.Join(", ", runningAfter)}");
        if (run.Unconfirmed.Count > 0)
        {
            text.AppendLine(culture, $"unconfirmed: {string.Join("; ", run.Unconfirmed.Take(10))}{(run.Unconfirmed.Count > 10 ? " …" : "")}");
        }

        return text.ToString();
    }

    private static TimeSpan LongestGap(List<TimeSpan> times) =>
        times.Count < 2 ? TimeSpan.Zero : times.Zip(times.Skip(1), (earlier, later) => later - earlier).Max();

    private static string FirstAfter(List<TimeSpan> times, TimeSpan killedAt) =>
        times.FirstOrDefault(at => at > killedAt) is var first && first > killedAt
            ? $"{(first - killedAt).TotalSeconds:F2} s after it"
            : "none";

    private sealed record FailoverRun(IReadOnlyDictionary<int, TimeSpan> Confirmed, IReadOnlyList<string> Unconfirmed, TimeSpan KilledAt);
}

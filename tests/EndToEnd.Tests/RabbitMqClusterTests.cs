using System.Diagnostics;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.RabbitMq;
using Handoff.AppHost.Restarts;
using Handoff.Contracts;
using Handoff.TestSupport.AppHost;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// <c>--rabbitmq-nodes 3</c> on the real AppHost (its brokers alone): three rabbitmq-server nodes and their epmd as
/// Aspire executables under one parent. Asked with rabbitmqctl and over AMQP, they are one cluster; the Erlang VM
/// of a node killed with SIGKILL is a crash the AppHost restarts, and the node rejoins the same cluster.
/// </summary>
[Collection(TestStreams.UnderLoad)]
public sealed class RabbitMqClusterTests
{
    private static readonly TimeSpan FormsWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RestartsWithin = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RejoinsWithin = TimeSpan.FromSeconds(60);
    private const uint Messages = 10;

    [Fact]
    public async Task Three_nodes_form_one_cluster_and_a_killed_node_is_restarted_and_rejoins_it_and_a_stop_leaves_no_process()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var run = await BrokerRun.StartAsync("rabbitmq-cluster-report.txt", cancellation, "--rabbitmq-nodes", "3");
        var (host, states, report, processes) = (run.Host, run.States, run.Report, run.Processes);
        var cluster = host.ModelResource<RabbitMqClusterResource>();
        var nodeNames = cluster.Nodes.Select(node => node.Layout.NodeName).Order(StringComparer.Ordinal).ToList();

        // The model: a parent, its epmd and three nodes, each a resource with a health check of its own.
        Assert.Equal(["rabbitmq-1", "rabbitmq-2", "rabbitmq-3"], cluster.Nodes.Select(node => node.Name));
        Assert.Equal("rabbitmq-epmd", cluster.Epmd?.Name);
        foreach (var node in cluster.Nodes)
        {
            AssertHealthyChild(host.Snapshot(node.Name), $"{node.Name}-amqp");
        }

        Assert.Equal(KnownResourceStates.Running, host.Snapshot("rabbitmq-epmd").State?.Text);
        var parent = host.Snapshot(ResourceNames.RabbitMq);
        Assert.Equal(KnownResourceStates.Running, parent.State?.Text);
        Assert.Equal(HealthStatus.Healthy, parent.HealthStatus);
        Assert.Equal("4 of 4", parent.Property("members.running"));

        // The connection string the services get lists every node's AMQP port, and each port is a node of one cluster.
        var connectionString = await host.ConnectionStringAsync(ResourceNames.RabbitMq);
        var ports = AmqpPorts(connectionString);
        // The administrator's: a node that imports Handoff's users at boot has no guest.
        var credentials = connectionString[..(connectionString.IndexOf('@', StringComparison.Ordinal) + 1)];
        Assert.Equal(cluster.Nodes.Select(node => node.Layout.Port).Order(), ports.Order());
        Assert.All(cluster.Nodes, node => Assert.Equal(node.Layout.Port, node.GetEndpoint(RabbitMqNodeResource.EndpointName).Port));
        var clock = Stopwatch.StartNew();
        var formed = await WaitForOneClusterAsync(cluster, nodeNames, FormsWithin, cancellation);
        report.Add($"connection string {connectionString}; rabbitmqctl on each node named all three running {clock.Elapsed.TotalSeconds:F1} s after the AppHost was ready:");
        report.AddRange(formed.Select(status => "  " + status));

        // One cluster's metadata and replicas: a quorum queue declared on the first port, filled through the second, is seen on every port.
        var (first, second) = (cluster.Nodes[0].Layout.Port, cluster.Nodes[1].Layout.Port);
        var before = $"cluster-test-before-{Guid.NewGuid():N}";
        await DeclareQuorumQueueAsync(credentials, first, before, cancellation);
        await PublishConfirmedAsync(credentials, second, before, Messages, cancellation);
        foreach (var port in ports)
        {
            Assert.Equal(Messages, await MessageCountAsync(credentials, port, before, cancellation));
        }

        processes.Add(host.AllProcesses());

        // kill -9 of the first node's Erlang VM (the node the others joined), not of the script DCP started.
        var vm = host.ProcessOf("rabbitmq-1");
        Assert.Equal("beam.smp", Command(vm));
        var kill = host.Kill("rabbitmq-1");
        Assert.Equal(vm, kill.Pid);

        // Declared while the killed node is down: it can only know of this queue if it rejoins the same cluster.
        var during = $"cluster-test-during-{Guid.NewGuid():N}";
        await DeclareQuorumQueueAsync(credentials, second, during, cancellation);
        Assert.False(await AmqpHandshakeHealthCheck.AnswersAsync(first, cancellation), "rabbitmq-1 answered AMQP before it was restarted");
        var restart = await host.WaitForRestartAsync(kill, RestartsWithin, cancellation);
        var crashSeen = states.FirstAfter(kill.ResourceId, kill.At, change => change.State == KnownResourceStates.Exited || change.State == KnownResourceStates.Finished);
        var degraded = states.FirstAfter(ResourceNames.RabbitMq, kill.At, change => change.State == "Degraded");
        report.Add($"rabbitmq-1: VM pid {kill.Pid} killed; the AppHost saw it end {Seconds(crashSeen, kill)} and the parent Degraded {Seconds(degraded, kill)}; " +
            $"restarted as pid {restart.Pid}, Running and healthy {restart.RecoveryTime.TotalSeconds:F1} s after the kill");
        report.Add($"  rabbitmq-1: {states.Describe(kill.ResourceId, kill.At)}");
        report.Add($"  rabbitmq: {states.Describe(ResourceNames.RabbitMq, kill.At)}");
        Assert.True(crashSeen is not null, run.Summary);
        Assert.True(degraded is not null, run.Summary);
        Assert.True(await host.LoggedAsync($"{kill.ResourceId} crashed", TimeSpan.FromSeconds(10), cancellation), host.Output);
        Assert.Equal("1", host.Snapshot("rabbitmq-1").Property(CrashRestarts.RestartsProperty));
        Assert.All(["rabbitmq-2", "rabbitmq-3", "rabbitmq-epmd"], other => Assert.Null(host.Snapshot(other).Property(CrashRestarts.RestartsProperty)));
        Assert.Equal("beam.smp", Command(host.ProcessOf("rabbitmq-1")));

        var rejoined = await WaitForOneClusterAsync(cluster, nodeNames, RejoinsWithin, cancellation);
        report.Add($"rabbitmqctl on each node names all three running {(DateTimeOffset.UtcNow - kill.At).TotalSeconds:F1} s after the kill:");
        report.AddRange(rejoined.Select(status => "  " + status));
        Assert.Equal(0u, await MessageCountAsync(credentials, first, during, cancellation));
        foreach (var port in ports)
        {
            Assert.Equal(Messages, await MessageCountAsync(credentials, port, before, cancellation));
        }

        report.Add($"rabbitmq-1 knows the queue declared while it was down; the {Messages} confirmed messages from before the kill are on every port");
        AssertHealthyChild(host.Snapshot("rabbitmq-1"), "rabbitmq-1-amqp");
        await host.WaitForSnapshotAsync(ResourceNames.RabbitMq, parent => parent.State?.Text == KnownResourceStates.Running
            && parent.HealthStatus == HealthStatus.Healthy && parent.Property("members.running") == "4 of 4", RestartsWithin, cancellation);
        report.Add($"parent Running, healthy, members 4 of 4 {(DateTimeOffset.UtcNow - kill.At).TotalSeconds:F1} s after the kill");

        // What runs now, the restarted node's processes among them, must all end with the AppHost.
        processes.Add(host.AllProcesses());
        Assert.Equal(4, processes.Commands.Count(command => command == "beam.smp"));
        Assert.Contains("epmd", processes.Commands);
        var stopTime = await host.StopAsync(cancellation);
        var survivors = await processes.SurvivorsAfterAsync(TimeSpan.FromSeconds(10), cancellation);
        report.Add($"stopped in {stopTime.TotalSeconds:F1} s; processes followed: {processes}; survivors: {(survivors.Count == 0 ? "none" : string.Join(", ", survivors))}");
        Assert.True(survivors.Count == 0, run.Summary);
    }

    private static void AssertHealthyChild(CustomResourceSnapshot snapshot, string healthCheck)
    {
        Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, snapshot.HealthStatus);
        Assert.Contains(snapshot.HealthReports, health => health.Name == healthCheck && health.Status == HealthStatus.Healthy);
        Assert.Contains(snapshot.Relationships, relationship => relationship.Type == "Parent" && relationship.ResourceName == ResourceNames.RabbitMq);
    }

    /// <summary>Polls until every node's rabbitmqctl names all of <paramref name="nodeNames"/> running in one cluster.</summary>
    private static async Task<IReadOnlyList<RabbitMqClusterStatus>> WaitForOneClusterAsync(
        RabbitMqClusterResource cluster, IReadOnlyList<string> nodeNames, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var statuses = new List<RabbitMqClusterStatus?>();
        while (clock.Elapsed < timeout)
        {
            statuses = [.. await Task.WhenAll(cluster.Nodes.Select(node => RabbitMqNodeCtl.ClusterStatusAsync(node.Layout, cancellationToken)))];
            if (statuses.All(status => status is not null && status.RunningNodes.SequenceEqual(nodeNames) && status.DiskNodes.SequenceEqual(nodeNames)))
            {
                return [.. statuses.Select(status => status!)];
            }


            await Task.Delay(500, cancellationToken);
        }

        Assert.Fail($"The nodes did not report one cluster of [{string.Join(", ", nodeNames)}] within {timeout.TotalSeconds:F0} s: " +
            string.Join("; ", statuses.Select((status, index) => status?.ToString() ?? $"{cluster.Nodes[index].Layout.NodeName}: no answer")));
        return [];
    }

    private static async Task DeclareQuorumQueueAsync(string credentials, int port, string queue, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(credentials, port, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
    }

    /// <summary>Publishes persistent messages, each confirmed by the broker (a quorum queue confirms once a majority has it).</summary>
    private static async Task PublishConfirmedAsync(string credentials, int port, string queue, uint count, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(credentials, port, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
        for (var index = 0u; index < count; index++)
        {
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes($"message {index}"), cancellationToken);
        }
    }

    /// <summary>The queue's ready messages as the node on <paramref name="port"/> reports them (a passive declare: it fails if the node does not know the queue).</summary>
    private static async Task<uint> MessageCountAsync(string credentials, int port, string queue, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(credentials, port, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
    }

    /// <param name="credentials">The connection string's <c>amqp://user:password@</c>.</param>
    private static Task<IConnection> ConnectAsync(string credentials, int port, CancellationToken cancellationToken) =>
        new ConnectionFactory { Uri = new Uri($"{credentials}127.0.0.1:{port}/") }.CreateConnectionAsync(cancellationToken);

    /// <summary>The ports of <c>amqp://user:password@host1:port1,host2:port2,…/</c>.</summary>
    private static List<int> AmqpPorts(string connectionString)
    {
        var hosts = connectionString[(connectionString.IndexOf('@', StringComparison.Ordinal) + 1)..connectionString.LastIndexOf('/')];
        return [.. hosts.Split(',').Select(address => int.Parse(address[(address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static string Command(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    private static string Seconds(ResourceStateChange? change, ResourceKill kill) =>
        change is null ? "never" : $"{(change.At - kill.At).TotalSeconds:F1} s after the kill ({change.State}, exit {change.ExitCode?.ToString() ?? "-"})";
}

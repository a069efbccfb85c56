using System.Diagnostics;
using System.Runtime.Versioning;
using Handoff.Hosting.Infrastructure;
using Handoff.Hosting.Orchestration;
using Handoff.Hosting.Processes;
using Handoff.TestSupport;

namespace Handoff.Hosting.Tests;

/// <summary><c>--rabbitmq-nodes 3</c>: a real three-node cluster on loopback, through the AppHost's own resource.</summary>
[SupportedOSPlatform("linux")]
public sealed class RabbitMqClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_nodes_form_one_cluster_and_a_killed_node_is_restarted_and_rejoins_it()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var directory = TestDirectories.Create("rabbitmq-cluster");
        var builder = DistributedApplicationBuilder.Create(["--data-dir", directory, "--rabbitmq-nodes", "3"]);
        var rabbitmq = builder.AddRabbitMQ("rabbitmq").Resource;
        rabbitmq.RestartPolicy = new RestartPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var application = builder.Build();
        var clock = Stopwatch.StartNew();
        await application.StartAsync(cancellation);
        output.WriteLine($"3-node cluster ready in {clock.Elapsed.TotalSeconds:F1} s");
        var cluster = Assert.IsType<RabbitMqCluster>(rabbitmq.Server);
        var pids = cluster.Nodes.Select(node => node.Process.Pid).ToList();

        try
        {
            Assert.Equal(3, rabbitmq.Ports.Count);
            Assert.Equal($"amqp://guest:guest@127.0.0.1:{rabbitmq.Ports[0]},127.0.0.1:{rabbitmq.Ports[1]},127.0.0.1:{rabbitmq.Ports[2]}/",
                rabbitmq.ConnectionString);
            Assert.Equal(cluster.ConnectionString, rabbitmq.ConnectionString);
            Assert.Equal(3, (await cluster.RunningNodesAsync(cancellation)).Count);
            Assert.Equal(ResourceHealth.Healthy, await rabbitmq.CheckHealthAsync(cancellation));
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(directory, "rabbitmq", ".erlang.cookie")));

            var killed = cluster.Nodes[1];
            clock.Restart();
            killed.Process.Kill();
            await WaitUntilAsync(() => rabbitmq.RestartCount == 1, TimeSpan.FromSeconds(40), cancellation);
            output.WriteLine($"node {killed.NodeName} back {clock.Elapsed.TotalSeconds:F1} s after SIGKILL");

            Assert.NotEqual(killed.Process.Pid, cluster.Nodes[1].Process.Pid);
            pids.Add(cluster.Nodes[1].Process.Pid);
            Assert.Equal(ResourceState.Running, rabbitmq.State);
            Assert.Equivalent(Enumerable.Range(0, 3).Select(RabbitMqCluster.NodeName), await cluster.RunningNodesAsync(cancellation));
            Assert.Equal(ResourceHealth.Healthy, await rabbitmq.CheckHealthAsync(cancellation));
        }
        finally
        {
            await application.StopAsync();
        }

        Assert.All(pids.Append(cluster.EpmdProcess.Pid), pid => Assert.False(PosixSignals.GroupExists(pid), $"process group {pid} is left"));
        TestDirectories.Delete(directory);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"not done within {timeout.TotalSeconds:F0} s");
            await Task.Delay(100, cancellationToken);
        }
    }
}

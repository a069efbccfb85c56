using Handoff.AppHost.Services;
using Aspire.Hosting.ApplicationModel;
using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;
using Handoff.TestSupport.Processes;

namespace Handoff.EndToEnd.Tests;

/// <summary>The AppHost as a platform team runs it: everything starts in order, and a stop leaves nothing behind.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class AppHostLifecycleTests
{
    private static readonly string[] Resources = ["botgateway", "conversationstate", "handoffservice", "rabbitmq", "redis"];

    [Fact]
    public async Task The_apphost_starts_five_resources_in_dependency_order_and_a_stop_leaves_no_process_behind()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var host = await AspireAppHost.StartAsync(cancellation);
        await using var _ = host;
        TestContext.Current.SendDiagnosticMessage($"AppHost ready in {host.StartupTime.TotalSeconds:F1} s");

        Assert.All(Resources, name =>
        {
            var snapshot = host.Snapshot(name);
            Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, snapshot.HealthStatus);
        });
        Assert.Equal(KnownResourceStates.Running, host.Snapshot("rabbitmq-epmd").State?.Text);
        Assert.True(await host.LoggedAsync("Bot endpoint: " + host.MessagesEndpoint.AbsoluteUri, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), host.Output);

        DateTime StartedAt(string name) => host.Snapshot(name).StartTimeStamp ?? throw new InvalidOperationException($"{name} has no start time");
        Assert.True(StartedAt("redis") < StartedAt("conversationstate"));
        Assert.True(StartedAt("rabbitmq-epmd") < StartedAt("rabbitmq"));
        Assert.True(StartedAt("conversationstate") < StartedAt("handoffservice"));
        Assert.True(StartedAt("rabbitmq") < StartedAt("handoffservice"));
        Assert.True(StartedAt("conversationstate") < StartedAt("botgateway"));

        var processes = host.AllProcesses();
        Assert.True(processes.Count >= 9, $"expected the brokers, epmd, three wrappers and three services: {string.Join(", ", processes)}");
        var stopTime = await host.StopAsync(cancellation);
        Assert.True(stopTime < TimeSpan.FromSeconds(20), $"stopping took {stopTime.TotalSeconds:F1} s");

        // DCP finishes its clean-up just after the AppHost has stopped.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (processes.Any(PosixSignals.ProcessExists) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellation);
        }

        Assert.All(processes, pid => Assert.False(PosixSignals.ProcessExists(pid), $"process {pid} outlived the AppHost"));
    }
}

using Handoff.Hosting.Processes;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>The AppHost as a platform team runs it: everything starts in order, and SIGTERM leaves nothing behind.</summary>
public sealed class AppHostLifecycleTests
{
    [Fact]
    public async Task The_apphost_starts_five_resources_and_sigterm_stops_them_all_within_ten_seconds()
    {
        var host = await AppHostProcess.StartAsync(TestContext.Current.CancellationToken);
        await using var _ = host;

        Assert.Equal(["botgateway", "conversationstate", "gateway-proxy", "handoffservice", "rabbitmq", "redis"], host.ResourcePids.Keys.Order(StringComparer.Ordinal));
        Assert.Contains($"Bot endpoint: http://localhost:{host.GatewayPort}/api/messages", host.Output, StringComparison.Ordinal);
        TestContext.Current.SendDiagnosticMessage($"AppHost ready in {host.StartupTime.TotalSeconds:F1} s");

        var stopTime = await host.TerminateAsync(TimeSpan.FromSeconds(10));

        Assert.True(stopTime < TimeSpan.FromSeconds(10), $"stopping took {stopTime.TotalSeconds:F1} s");
        Assert.Equal(0, await host.Exited);
        Assert.All(host.ResourcePids, resource =>
            Assert.False(PosixSignals.GroupExists(resource.Value), $"{resource.Key} (process group {resource.Value}) outlived the AppHost"));
    }

    [Fact]
    public async Task Services_wait_for_what_they_depend_on()
    {
        var host = await AppHostProcess.StartAsync(TestContext.Current.CancellationToken);
        await using var _ = host;
        var lines = host.Output.Split(Environment.NewLine);

        int ReadyAt(string name) => Array.FindIndex(lines, line => line.Contains($"| {name} is ready", StringComparison.Ordinal));

        Assert.True(ReadyAt("redis") < ReadyAt("conversationstate"));
        Assert.True(ReadyAt("conversationstate") < ReadyAt("handoffservice"));
        Assert.True(ReadyAt("rabbitmq") < ReadyAt("handoffservice"));
        Assert.True(ReadyAt("rabbitmq") < ReadyAt("botgateway"));
        Assert.True(ReadyAt("conversationstate") < ReadyAt("botgateway"));
        Assert.True(ReadyAt("botgateway") < ReadyAt("gateway-proxy"));
    }
}

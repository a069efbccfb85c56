using Handoff.AppHost.Services;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport.Brokers.Provisioning;
using Handoff.TestSupport.Processes;
using Handoff.TestSupport;

namespace Handoff.TestSupport.Tests;

/// <summary>The local path behind the provisioning interface: the same servers, and their processes for whoever needs a PID.</summary>
public sealed class LocalProcessProvisionerTests
{
    [Fact]
    public async Task Redis_from_the_local_path_answers_and_hands_out_its_process()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var directory = TestDirectories.Create("local-provisioner");
        var provisioner = new LocalProcessProvisioner();

        await using var redis = await provisioner.StartRedisAsync(directory, _ => { }, cancellation);

        Assert.Equal($"127.0.0.1:{redis.Port}", redis.ConnectionString);
        Assert.True(await Readiness.RedisPongAsync(redis.Port, cancellation));
        var process = Assert.IsAssignableFrom<IProvisionedServer>(redis).Process;
        Assert.True(PosixSignals.GroupExists(process.Pid));

        await redis.StopAsync();

        Assert.False(PosixSignals.GroupExists(process.Pid));
        TestDirectories.Delete(directory);
    }

    [Fact]
    public async Task Every_fixture_start_is_written_down_with_the_path_and_the_reason()
    {
        const string prefix = "TestSupport.Tests provisioning-record-test: ";
        var before = RecordedLines(prefix).Length;

        var provisioner = await TestProvisioning.SelectAsync("provisioning-record-test");

        var lines = RecordedLines(prefix);
        Assert.Equal(before + 1, lines.Length);
        Assert.StartsWith(prefix + (provisioner.Path == ProvisioningPath.Containers ? "Testcontainers on Docker (" : "local redis-server/rabbitmq-server processes ("),
            lines[^1], StringComparison.Ordinal);
    }

    private static string[] RecordedLines(string prefix) => File.Exists(TestProvisioning.RecordPath)
        ? [.. File.ReadAllLines(TestProvisioning.RecordPath).Where(line => line.StartsWith(prefix, StringComparison.Ordinal))]
        : [];
}

using System.Collections.Concurrent;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.TestSupport;
using Handoff.TestSupport.Brokers;
using StackExchange.Redis;

namespace Handoff.AppHost.Tests;

/// <summary>
/// redis-server as Handoff runs it (<see cref="RedisServerArguments.Server"/>, the AppHost's and the fixtures' arguments):
/// what it acknowledged is there after a kill -9, even when the disk takes its time to fsync (on a loaded CI machine,
/// <c>everysec</c> lost acknowledged writes this way: CrashRecoveryTests' welcomes, ADR 0029).
/// </summary>
public sealed class RedisDurabilityTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_write_is_fsynced_to_the_append_only_file_before_it_is_answered()
    {
        var directory = TestDirectories.Create("redis-durability-config");
        await using var server = await RedisServer.StartAsync(directory, LoopbackPorts.Free(), _ => { }, Cancel);

        Assert.Equal("yes", await ConfigAsync(server.Port, "appendonly"));
        Assert.Equal("always", await ConfigAsync(server.Port, "appendfsync"));
        Assert.Equal("", await ConfigAsync(server.Port, "save"));
        await server.StopAsync();
        TestDirectories.Delete(directory);
    }

    [Fact]
    public async Task Writes_acknowledged_up_to_a_kill_9_are_all_there_after_the_restart_even_when_fsync_is_slow()
    {
        var directory = TestDirectories.Create("redis-durability-kill");
        var port = LoopbackPorts.Free();
        var acknowledged = new ConcurrentBag<string>();
        var prefix = $"durability:{Guid.NewGuid():N}";
        var slowDisk = new Dictionary<string, string> { ["LD_PRELOAD"] = await SlowFsync.BuildAsync(directory, Cancel), [SlowFsync.DelayVariable] = "800" };
        await using (var server = await RedisServer.StartAsync(directory, port, slowDisk, _ => { }, Cancel))
        {
            var options = ConfigurationOptions.Parse(server.ConnectionString);
            options.AbortOnConnectFail = false;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var database = redis.GetDatabase();
            using var writing = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (var index = 0; !writing.IsCancellationRequested; index++)
                {
                    var key = $"{prefix}:{writer}:{index}";
                    try
                    {
                        await database.StringSetAsync(key, "stored");
                        acknowledged.Add(key);
                    }
                    catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
                    {
                        return;
                    }
                }
            })).ToList();

            // A few of the 800 ms fsyncs, then the kill with writes in flight: with everysec, Redis answers the writes of the
            // last 0.8 s before they are in the file (it writes them once the background fsync returns).
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
            server.Process.Kill();
            await server.Process.Exited.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
            await writing.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(acknowledged.Count >= 8, $"only {acknowledged.Count} writes were acknowledged before the kill");
        await using (var restarted = await RedisServer.StartAsync(directory, port, _ => { }, Cancel))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(restarted.ConnectionString);
            var database = redis.GetDatabase();
            var keys = acknowledged.ToArray();
            var values = await Task.WhenAll(keys.Chunk(500).Select(chunk => database.StringGetAsync([.. chunk.Select(key => (RedisKey)key)])));
            var lost = keys.Zip(values.SelectMany(chunk => chunk)).Where(pair => pair.Second != "stored").Select(pair => pair.First).ToList();

            Assert.True(lost.Count == 0, $"{lost.Count} of {keys.Length} acknowledged writes were gone after the kill, e.g. {string.Join(", ", lost.Take(3))}");
            await restarted.StopAsync();
        }

        TestDirectories.Delete(directory);
    }

    private static async Task<string?> ConfigAsync(int port, string name)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");
        return (await redis.GetServer($"127.0.0.1:{port}").ConfigGetAsync(name)).Single().Value;
    }
}

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.TestSupport;
using Handoff.TestSupport.Processes;
using StackExchange.Redis;

namespace Handoff.AppHost.Tests;

/// <summary>
/// The TLS the published Redis is given (<see cref="RedisServerArguments.Tls"/>), on a real redis-server with a CA and a
/// certificate made by openssl here: a client that trusts the CA connects with <c>ssl=true</c>, a plain one is refused.
/// </summary>
public sealed class BrokerTlsConnectionTests : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly string _directory = TestDirectories.Create("redis-tls");
    private readonly int _port = LoopbackPorts.Free();
    private ChildProcess? _redis;

    public async ValueTask InitializeAsync()
    {
        await OpenSslAsync("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=handoff-test-ca",
            "-keyout", "ca.key", "-out", "ca.crt");
        await OpenSslAsync("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "tls.key", "-out", "tls.csr");
        await File.WriteAllTextAsync(Path.Combine(_directory, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n", Cancel);
        await OpenSslAsync("x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1",
            "-extfile", "san.ext", "-out", "tls.crt");
        _redis = ChildProcess.Start(new ChildProcessSpec(RedisServerArguments.Program,
            [.. RedisServerArguments.Server(_port, _directory), .. RedisServerArguments.Tls(_port, _directory)],
            new Dictionary<string, string>(), _directory), _ => { });
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
    }

    [Fact]
    public async Task A_client_that_trusts_the_ca_connects_with_tls()
    {
        await using var redis = await ConnectWithinAsync(Trusting(), TimeSpan.FromSeconds(30));

        Assert.True(await redis.GetDatabase().PingAsync() >= TimeSpan.Zero);
    }

    [Fact]
    public async Task A_plain_client_is_refused()
    {
        await (await ConnectWithinAsync(Trusting(), TimeSpan.FromSeconds(30))).DisposeAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() =>
            ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},abortConnect=true,connectTimeout=2000"));
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_ca_is_refused()
    {
        await (await ConnectWithinAsync(Trusting(), TimeSpan.FromSeconds(30))).DisposeAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() =>
            ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},ssl=true,sslHost=localhost,abortConnect=true,connectTimeout=2000"));
    }

    /// <summary>TLS to the server's name, trusting the CA made here (a pod trusts it through <c>SSL_CERT_DIR</c>).</summary>
    private ConfigurationOptions Trusting()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{_port},ssl=true,sslHost=localhost,abortConnect=false,connectTimeout=2000");
        options.TrustIssuer(Path.Combine(_directory, "ca.crt"));
        return options;
    }

    /// <summary>The server starts with the test: wait until it answers over TLS.</summary>
    private static async Task<ConnectionMultiplexer> ConnectWithinAsync(ConfigurationOptions options, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options);
            if (redis.IsConnected)
            {
                return redis;
            }

            await redis.DisposeAsync();
            Assert.True(clock.Elapsed < timeout, $"Redis did not answer over TLS within {timeout.TotalSeconds:F0} s");
            await Task.Delay(200, Cancel);
        }
    }

    private async Task OpenSslAsync(params string[] arguments)
    {
        await using var openssl = ChildProcess.Start(new ChildProcessSpec("/usr/bin/openssl", arguments, new Dictionary<string, string>(), _directory), _ => { });
        Assert.Equal(0, await openssl.Exited.WaitAsync(TimeSpan.FromSeconds(30), Cancel));
    }
}

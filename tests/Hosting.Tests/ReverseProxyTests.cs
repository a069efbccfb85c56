using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Handoff.Hosting.Infrastructure;
using Handoff.Hosting.Orchestration;
using Handoff.Hosting.Processes;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.Hosting.Tests;

/// <summary>
/// The proxy the AppHost puts in front of gateway replicas (src/ReverseProxy), run from its build output as
/// the AppHost runs it, in front of two real loopback backends named by service discovery.
/// </summary>
public sealed class ReverseProxyTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Spreads_requests_over_every_replica_service_discovery_names()
    {
        await using var backends = await Backends.StartAsync(2);
        await using var proxy = await ProxyProcess.StartAsync(backends.Addresses);

        for (var i = 0; i < 40; i++)
        {
            using var response = await Client.PostAsync(proxy.Endpoint, Body(i), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(backends.Received, received => Assert.True(received.Count >= 5, $"a replica got {received.Count} of 40"));
    }

    [Fact]
    public async Task A_replica_that_refuses_connections_costs_no_request_and_gets_traffic_again_once_back()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var backends = await Backends.StartAsync(2);
        await using var proxy = await ProxyProcess.StartAsync(backends.Addresses);
        await backends.StopAsync(1);

        // Before the health check notices, requests the load balancer gives the dead replica are sent on.
        for (var i = 0; i < 30; i++)
        {
            using var response = await Client.PostAsync(proxy.Endpoint, Body(i), cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"payload {i}", await response.Content.ReadAsStringAsync(cancellation));
        }

        Assert.Equal(30, backends.Received[0].Count);
        Assert.Contains(proxy.Output, line => line.Contains("refused the connection; sending POST /api/messages to another replica", StringComparison.Ordinal));

        await backends.RestartAsync(1);
        var clock = Stopwatch.StartNew();
        while (backends.Received[1].IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var response = await Client.PostAsync(proxy.Endpoint, Body(0), cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(100, cancellation);
        }

        Assert.False(backends.Received[1].IsEmpty, $"The restarted replica got no traffic within 15 s. The proxy said:{Environment.NewLine}{string.Join(Environment.NewLine, proxy.Output)}");
        TestContext.Current.SendDiagnosticMessage($"The restarted replica got traffic again {clock.Elapsed.TotalSeconds:F1} s after it came back.");
    }

    [Fact]
    public async Task With_every_replica_down_the_caller_gets_502_at_once_not_a_hang()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var backends = await Backends.StartAsync(2);
        await using var proxy = await ProxyProcess.StartAsync(backends.Addresses);
        await backends.StopAsync(0);
        await backends.StopAsync(1);

        var clock = Stopwatch.StartNew();
        using var response = await Client.PostAsync(proxy.Endpoint, Body(0), cancellation);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    private static StringContent Body(int i) => new($"payload {i}", Encoding.UTF8, "text/plain");

    /// <summary>Loopback servers that echo the body of <c>POST /api/messages</c> and count what each received.</summary>
    private sealed class Backends : IAsyncDisposable
    {
        private readonly WebApplication?[] _apps;

        private Backends(int count)
        {
            _apps = new WebApplication?[count];
            Received = [.. Enumerable.Range(0, count).Select(_ => new ConcurrentBag<string>())];
            Addresses = new Uri[count];
        }

        public IReadOnlyList<ConcurrentBag<string>> Received { get; }

        public Uri[] Addresses { get; }

        public static async Task<Backends> StartAsync(int count)
        {
            var backends = new Backends(count);
            for (var i = 0; i < count; i++)
            {
                await backends.RestartAsync(i);
            }

            return backends;
        }

        public async Task RestartAsync(int index)
        {
            var received = Received[index];
            var (app, address) = await LoopbackServer.StartAsync(app =>
            {
                app.MapGet("/health", () => "Healthy");
                app.MapPost("/api/messages", async (HttpRequest request) =>
                {
                    using var reader = new StreamReader(request.Body);
                    var body = await reader.ReadToEndAsync();
                    received.Add(body);
                    return Results.Text(body);
                });
            }, port: Addresses[index]?.Port ?? 0);
            _apps[index] = app;
            Addresses[index] = address;
        }

        public async Task StopAsync(int index)
        {
            if (_apps[index] is { } app)
            {
                await app.DisposeAsync();
                _apps[index] = null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            for (var i = 0; i < _apps.Length; i++)
            {
                await StopAsync(i);
            }
        }
    }

    /// <summary>src/ReverseProxy with the configuration the AppHost's <c>AddYarp(…).WithConfiguration(yarp => yarp.AddRoute(backend))</c> gives it.</summary>
    private sealed class ProxyProcess : IAsyncDisposable
    {
        private readonly ChildProcess _process;
        private readonly ConcurrentQueue<string> _output;

        private ProxyProcess(ChildProcess process, ConcurrentQueue<string> output, Uri endpoint)
        {
            _process = process;
            _output = output;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public IEnumerable<string> Output => _output;

        public static async Task<ProxyProcess> StartAsync(Uri[] backends)
        {
            var port = LoopbackPorts.Free();
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Logging__Console__FormatterName"] = "simple",
                ["Logging__Console__FormatterOptions__SingleLine"] = "true",
                ["Logging__LogLevel__Yarp.ReverseProxy.Health"] = "Information",
                ["ReverseProxy__Routes__backend__ClusterId"] = "backend",
                ["ReverseProxy__Routes__backend__Match__Path"] = "{**catch-all}",
                ["ReverseProxy__Clusters__backend__Destinations__backend__Address"] = "http://backend",
            };
            for (var i = 0; i < backends.Length; i++)
            {
                environment[$"services__backend__http__{i}"] = backends[i].ToString().TrimEnd('/');
            }

            var assembly = BuildOutput.AssemblyPath("ReverseProxy");
            var output = new ConcurrentQueue<string>();
            var process = ChildProcess.Start(new ChildProcessSpec("dotnet", [assembly], environment, Path.GetDirectoryName(assembly)), output.Enqueue);
            var proxy = new ProxyProcess(process, output, new Uri($"http://127.0.0.1:{port}/api/messages"));
            try
            {
                var health = new Uri($"http://127.0.0.1:{port}/health");
                await Readiness.WaitAsync("the reverse proxy", token => Readiness.HttpOkAsync(Client, health, token), process.Exited,
                    TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            }
            catch
            {
                await proxy.DisposeAsync();
                throw;
            }

            return proxy;
        }

        public async ValueTask DisposeAsync() => await _process.DisposeAsync();
    }
}

using System.Net;
using System.Net.Sockets;
using Handoff.Contracts.Clients;
using Handoff.Contracts.State;
using Handoff.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Handoff.ServiceDefaults.Tests;

/// <summary>
/// A client added with <see cref="InClusterHttpClients.AddInClusterHttpClient{TClient}"/>, through service discovery,
/// against a real loopback server and a port that refuses connections: what is tried again, and what is not.
/// </summary>
public sealed class InClusterHttpClientTests : IAsyncLifetime
{
    private readonly Dictionary<string, int> _hits = [];
    private readonly Lock _lock = new();
    private WebApplication _server = null!;
    private Uri _live = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/count", () =>
        {
            Hit("count");
            return Results.NoContent();
        });
        _server.MapPost("/slow", async () =>
        {
            Hit("slow");
            await Task.Delay(InClusterCallHandler.AttemptTimeout + TimeSpan.FromSeconds(2));
            return Results.NoContent();
        });
        // A cold state service on a busy machine: the mint answered a second after the default attempt timeout.
        _server.MapPost("/handoff-contexts", async () =>
        {
            Hit("mint");
            await Task.Delay(InClusterCallHandler.AttemptTimeout + TimeSpan.FromSeconds(1));
            return Results.Json(new StoreContextsResponse([new MintedToken("token-1", DateTimeOffset.UnixEpoch)]));
        });
        _server.MapGet("/flaky", () => Hit("flaky") == 1 ? Results.StatusCode(503) : Results.Ok("fine"));
        _server.MapPost("/failing", () =>
        {
            Hit("failing");
            return Results.StatusCode(503);
        });
        await _server.StartAsync(TestContext.Current.CancellationToken);
        _live = new Uri(_server.Urls.Single());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Posts_to_a_replica_that_refuses_connections_go_to_the_next_one()
    {
        using var client = Client(RefusingEndpoint(), _live);

        for (var i = 0; i < 4; i++)
        {
            using var response = await client.Http.PostAsync("/count", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal(4, Hits("count"));
    }

    [Fact]
    public async Task A_post_that_timed_out_is_not_sent_again()
    {
        using var client = Client(_live);

        await Assert.ThrowsAsync<TimeoutException>(() => client.Http.PostAsync("/slow", null, TestContext.Current.CancellationToken));

        Assert.Equal(1, Hits("slow"));
    }

    [Fact]
    public async Task A_post_that_asks_for_a_longer_attempt_waits_for_its_answer_and_is_sent_once()
    {
        using var client = Client(_live);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slow");
        request.Options.Set(InClusterCallOptions.AttemptTimeout, InClusterCallHandler.AttemptTimeout + TimeSpan.FromSeconds(4));

        using var response = await client.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, Hits("slow"));
    }

    [Fact]
    public async Task A_mint_the_state_service_answers_after_the_default_attempt_timeout_still_gets_its_tokens()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:conversationstate:http:0"] = _live.ToString();
        builder.AddServiceDefaults();
        builder.Services.AddInClusterHttpClient<ConversationStateClient>(ConversationStateClient.BaseAddress);
        using var host = builder.Build();
        var state = host.Services.GetRequiredService<ConversationStateClient>();

        var stored = await state.StoreContextsAsync(new StoreContextsRequest([]), TestContext.Current.CancellationToken);

        Assert.Equal("token-1", Assert.Single(stored.Tokens).Token);
        Assert.Equal(1, Hits("mint"));
    }

    [Fact]
    public async Task A_post_the_server_failed_is_answered_as_it_was_not_sent_again()
    {
        using var client = Client(_live);

        using var response = await client.Http.PostAsync("/failing", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, Hits("failing"));
    }

    [Fact]
    public async Task A_get_the_server_failed_is_tried_again()
    {
        using var client = Client(_live);

        Assert.Equal("\"fine\"", await client.Http.GetStringAsync("/flaky", TestContext.Current.CancellationToken));
        Assert.Equal(2, Hits("flaky"));
    }

    private int Hit(string path)
    {
        lock (_lock)
        {
            return _hits[path] = _hits.GetValueOrDefault(path) + 1;
        }
    }

    private int Hits(string path)
    {
        lock (_lock)
        {
            return _hits.GetValueOrDefault(path);
        }
    }

    /// <summary>A loopback port nothing listens on: connecting to it is refused.</summary>
    private static Uri RefusingEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The typed client as a service gets it: the service defaults, then service discovery over these replicas, in turn.</summary>
    private static TargetClientHost Client(params Uri[] replicas)
    {
        var builder = Host.CreateApplicationBuilder();
        for (var i = 0; i < replicas.Length; i++)
        {
            builder.Configuration[$"services:target:http:{i}"] = replicas[i].ToString();
        }

        builder.AddServiceDefaults();
        builder.Services.AddInClusterHttpClient<TargetClient>(new Uri("http://target"));
        return new TargetClientHost(builder.Build());
    }

    private sealed class TargetClient(HttpClient http)
    {
        public HttpClient Http { get; } = http;
    }

    private sealed class TargetClientHost(IHost host) : IDisposable
    {
        public HttpClient Http { get; } = host.Services.GetRequiredService<TargetClient>().Http;

        public void Dispose() => host.Dispose();
    }
}

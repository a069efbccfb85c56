extern alias state;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Contracts.Clients;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests.Copilot;

/// <summary>
/// The gateway in development mode in front of the real ConversationState on a real Redis, and a recording Bot
/// Connector on loopback: activities go in over HTTP exactly as Teams and Copilot post them.
/// </summary>
internal sealed class GatewayWithState : IAsyncDisposable
{
    public const string BotId = "28:00000000-0000-0000-0000-00000000b0b0";

    // The state service knows the gateway by this key, as the AppHost's generated one does.
    private static readonly string GatewayKey = "gateway-key-" + Guid.NewGuid().ToString("N");

    private readonly WebApplicationFactory<state::Program> _state;
    private readonly IAsyncDisposable _gateway;

    private GatewayWithState(WebApplicationFactory<state::Program> state, IAsyncDisposable gateway, HttpClient http, IServiceProvider services,
        RecordingConnector connector)
    {
        _state = state;
        _gateway = gateway;
        Connector = connector;
        Http = http;
        Services = services;
    }

    public RecordingConnector Connector { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services { get; }

    public static Task<GatewayWithState> StartAsync(string redis, string rabbitMq, params (string Key, string Value)[] settings) =>
        StartAsync(redis, rabbitMq, stateSettings: [], settings);

    /// <param name="stateSettings">ConversationState's own settings (its limits, say); <paramref name="settings"/> are the gateway's.</param>
    public static Task<GatewayWithState> StartAsync(string redis, string rabbitMq, IReadOnlyList<(string Key, string Value)> stateSettings,
        params (string Key, string Value)[] settings) =>
        StartAsync<Program>(redis, rabbitMq, stateSettings, services: null, settings);

    /// <param name="configureServices">Test services, after the gateway's own (an agent, a model client).</param>
    public static Task<GatewayWithState> StartAsync(string redis, string rabbitMq, Action<IServiceCollection> configureServices,
        params (string Key, string Value)[] settings) =>
        StartAsync<Program>(redis, rabbitMq, stateSettings: [], configureServices, settings);

    /// <typeparam name="TGateway">The entry point of the bot project to run: the gateway's own, or a team's project that references it.</typeparam>
    /// <param name="services">Registrations after the project's own (a team's search, say); null for none.</param>
    public static async Task<GatewayWithState> StartAsync<TGateway>(string redis, string rabbitMq, IReadOnlyList<(string Key, string Value)> stateSettings,
        Action<IServiceCollection>? services, params (string Key, string Value)[] settings)
        where TGateway : class
    {
        var connector = await RecordingConnector.StartAsync();
        var stateService = new WebApplicationFactory<state::Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:redis", redis);
            web.UseSetting("CallerAuthentication:Keys:botgateway", GatewayKey);
            web.UseSetting("CallerAuthentication:Keys:handoffservice", "handoffservice-key-" + Guid.NewGuid().ToString("N"));
            foreach (var (key, value) in stateSettings)
            {
                web.UseSetting(key, value);
            }
        });
        var gateway = new WebApplicationFactory<TGateway>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq);
            web.WithOwnTurnQueue();
            // Any address: the state service's requests are answered in memory by its test server.
            web.UseSetting("services:conversationstate:http:0", "http://127.0.0.1:9");
            web.UseSetting("ConversationState:CallerKey", GatewayKey);
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            // A new handler each time: IHttpClientFactory disposes a primary handler when it rotates it (every 2 minutes).
            web.ConfigureTestServices(registrations =>
            {
                registrations.AddHttpClient<ConversationStateClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => stateService.Server.CreateHandler());
                services?.Invoke(registrations);
            });
        });
        _ = gateway.Server;
        return new GatewayWithState(stateService, gateway, gateway.CreateClient(), gateway.Services, connector);
    }

    /// <summary>An activity from one user in their own personal chat, addressed to our recording connector.</summary>
    public JsonObject Activity(string type, string? name = null, JsonNode? value = null, string? user = null, string? source = null,
        string conversationType = "personal", string tenant = "tenant-1")
    {
        user ??= Guid.NewGuid().ToString();
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } };
        if (source is not null)
        {
            channelData["source"] = new JsonObject { ["name"] = source };
        }

        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = Connector.ServiceUrl.AbsoluteUri,
            ["from"] = new JsonObject { ["id"] = $"29:{user}", ["aadObjectId"] = user },
            ["recipient"] = new JsonObject { ["id"] = BotId },
            ["conversation"] = new JsonObject { ["id"] = $"a:{Guid.NewGuid():N}", ["conversationType"] = conversationType },
            ["channelData"] = channelData,
            ["locale"] = "en-GB",
        };
        if (name is not null)
        {
            activity["name"] = name;
        }

        if (value is not null)
        {
            activity["value"] = value;
        }

        return activity;
    }

    public static JsonObject Query(JsonNode? requestValue, params JsonObject[] more)
    {
        var parameters = new JsonArray(new JsonObject { ["name"] = "request", ["value"] = requestValue });
        foreach (var parameter in more)
        {
            parameters.Add(parameter);
        }

        return new JsonObject { ["commandId"] = "continueInChat", ["parameters"] = parameters };
    }

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity) =>
        await Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Posts and reads the invoke response's <c>composeExtension</c>.</summary>
    public async Task<JsonNode> ComposeExtensionAsync(JsonObject activity)
    {
        using var response = await PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["composeExtension"]!;
    }

    /// <summary>The continuation tokens of every card's button in a result.</summary>
    public static IReadOnlyList<string> Tokens(JsonNode composeExtension) =>
        composeExtension["attachments"]!.AsArray()
            .Select(attachment => (string?)attachment!["content"]!["actions"]?[0]?["url"])
            .OfType<string>()
            .Select(url => Uri.UnescapeDataString(new Uri(url).Query.Split('&').Single(part => part.StartsWith("continuation=", StringComparison.Ordinal))["continuation=".Length..]))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _gateway.DisposeAsync();
        await _state.DisposeAsync();
        await Connector.DisposeAsync();
    }
}

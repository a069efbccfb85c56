using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.BotGateway.Tests;

/// <summary>Organisational policy at the gateway: the tenant allow-list and the admin API.</summary>
public sealed class PolicyTests(RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private const string AdminKey = "an-admin-api-key-of-at-least-32-characters";
    private RecordingConnector _connector = null!;

    public async ValueTask InitializeAsync() => _connector = await RecordingConnector.StartAsync();

    public async ValueTask DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_copilot_query_from_a_tenant_that_is_not_allowed_gets_a_message_instead_of_cards()
    {
        await using var gateway = Gateway();

        var response = await Post(gateway, Activity("invoke", "composeExtension/query", "tenant-other",
            new JsonObject { ["commandId"] = "continueInChat", ["parameters"] = new JsonArray(new JsonObject { ["name"] = "request", ["value"] = "x" }) }));
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["composeExtension"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message", (string?)result["type"]);
        Assert.Contains("ask your admin", (string?)result["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_click_from_a_tenant_that_is_not_allowed_is_acknowledged_and_the_user_told_to_ask_their_admin()
    {
        await using var gateway = Gateway();
        var activity = Activity("invoke", "handoff/action", "tenant-other", new JsonObject { ["continuation"] = "token" });

        var response = await Post(gateway, activity);
        var message = (await _connector.WaitForMessagesAsync((string)activity["conversation"]!["id"]!, 1))[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ask your admin", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_from_a_tenant_that_is_not_allowed_gets_the_polite_refusal()
    {
        await using var gateway = Gateway();
        var activity = Activity("message", null, "tenant-other", null);
        activity["text"] = "hello";

        await Post(gateway, activity);
        var reply = (await _connector.WaitForMessagesAsync((string)activity["conversation"]!["id"]!, 1))[0];

        Assert.Contains("Your organisation hasn't enabled this bot", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_key_the_admin_api_does_not_exist()
    {
        await using var gateway = Gateway(adminKey: null);

        var response = await Erase(gateway, AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong-key-wrong-key")]
    public async Task The_admin_api_refuses_a_missing_or_wrong_key(string? key)
    {
        await using var gateway = Gateway();

        Assert.Equal(HttpStatusCode.Unauthorized, (await Erase(gateway, key)).StatusCode);
    }

    [Fact]
    public async Task With_the_right_key_and_the_state_service_down_the_admin_is_told_nothing_was_erased()
    {
        await using var gateway = Gateway();

        var response = await Erase(gateway, AdminKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("nothing was erased", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private WebApplicationFactory<Program> Gateway(string? adminKey = AdminKey) => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment("Development");
        web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq.ConnectionString);
        web.WithOwnTurnQueue();
        web.UseSetting("services:conversationstate:http:0", $"http://127.0.0.1:{LoopbackPorts.Free()}");
        web.WithUncheckedStateCallerKey();
        web.UseSetting("Handoff:AllowedTenants:0", "tenant-allowed");
        if (adminKey is not null)
        {
            web.UseSetting("Admin:ApiKey", adminKey);
        }
    });

    private JsonObject Activity(string type, string? name, string tenant, JsonNode? value)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = _connector.ServiceUrl.AbsoluteUri,
            ["from"] = new JsonObject { ["id"] = "29:user", ["aadObjectId"] = "aad-user" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["conversation"] = new JsonObject { ["id"] = $"a:{Guid.NewGuid():N}" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
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

    private static async Task<HttpResponseMessage> Post(WebApplicationFactory<Program> gateway, JsonObject activity) =>
        await gateway.CreateClient().PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));

    private static async Task<HttpResponseMessage> Erase(WebApplicationFactory<Program> gateway, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/admin/users/tenant-allowed/aad-user");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await gateway.CreateClient().SendAsync(request);
    }
}

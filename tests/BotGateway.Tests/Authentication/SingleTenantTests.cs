using System.Net;
using System.Text.Json.Nodes;
using Handoff.TestSupport;
using Handoff.AppHost.Brokers.Provisioning;
using Microsoft.AspNetCore.Hosting;
using static Handoff.BotGateway.Tests.Authentication.AuthenticatedGateway;

namespace Handoff.BotGateway.Tests.Authentication;

/// <summary>
/// A single-tenant bot (its registration names its tenant) with no <c>Handoff:AllowedTenants</c> serves only its own
/// tenant; the list, when set, decides instead. Through the gateway, with real channel tokens.
/// </summary>
public sealed class SingleTenantTests(RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task A_single_tenant_bot_refuses_a_copilot_query_from_another_tenant_with_the_ask_your_admin_message()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString);

        var result = await QueryAsync(gateway, "11111111-2222-3333-4444-000000000001");

        Assert.Equal("message", (string?)result!["composeExtension"]!["type"]);
        Assert.Contains("ask your admin", (string?)result["composeExtension"]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_tenant_bot_serves_its_own_tenant()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString);

        // Its own tenant passes the policy and reaches ConversationState, which these tests leave unreachable: a 503,
        // not the refusal.
        var (status, body) = await PostQueryAsync(gateway, TenantId.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain("ask your admin", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allow_list_overrides_the_single_tenant_default()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString,
            web => web.UseSetting("Handoff:AllowedTenants:0", "11111111-2222-3333-4444-000000000002"));

        var partner = await PostQueryAsync(gateway, "11111111-2222-3333-4444-000000000002");
        var own = await QueryAsync(gateway, TenantId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, partner.Status);
        Assert.Contains("ask your admin", (string?)own!["composeExtension"]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_tenant_bot_configured_by_the_agents_sdk_keys_refuses_another_tenant_and_serves_its_own()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString, web =>
        {
            web.UseSetting("MicrosoftAppId", "");
            web.UseSetting("MicrosoftAppPassword", "");
            web.UseSetting("MicrosoftAppTenantId", "");
            web.UseSetting("MicrosoftAppType", "");
            web.UseSetting("Connections:ServiceConnection:Settings:AuthType", "ClientSecret");
            web.UseSetting("Connections:ServiceConnection:Settings:ClientId", AppId);
            web.UseSetting("Connections:ServiceConnection:Settings:ClientSecret", "test-secret");
            web.UseSetting("Connections:ServiceConnection:Settings:TenantId", TenantId);
            web.UseSetting("Connections:ServiceConnection:Settings:AuthorityEndpoint", $"https://127.0.0.1:{LoopbackPorts.Free()}/{TenantId}");
        });

        var other = await QueryAsync(gateway, "11111111-2222-3333-4444-000000000004");
        var (status, body) = await PostQueryAsync(gateway, TenantId);

        Assert.Contains("ask your admin", (string?)other!["composeExtension"]!["text"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain("ask your admin", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_tenant_bot_without_a_list_serves_every_tenant()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString, web =>
        {
            web.UseSetting("MicrosoftAppType", "MultiTenant");
            web.UseSetting("MicrosoftAppTenantId", "");
            web.UseSetting("ToChannelFromBotLoginUrl", $"https://127.0.0.1:{LoopbackPorts.Free()}/botframework.com");
        });

        var (status, body) = await PostQueryAsync(gateway, "11111111-2222-3333-4444-000000000003");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain("ask your admin", body, StringComparison.Ordinal);
    }

    private static async Task<JsonNode?> QueryAsync(AuthenticatedGateway gateway, string tenant)
    {
        var (status, body) = await PostQueryAsync(gateway, tenant);
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonNode.Parse(body);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostQueryAsync(AuthenticatedGateway gateway, string tenant)
    {
        var key = gateway.Metadata.AddKey("msteams");
        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "composeExtension/query",
            ["id"] = "1",
            ["channelId"] = "msteams",
            ["serviceUrl"] = ServiceUrl,
            ["conversation"] = new JsonObject { ["id"] = "a:1", ["tenantId"] = tenant },
            ["from"] = new JsonObject { ["id"] = "29:u", ["aadObjectId"] = "aaaaaaaa-bbbb-cccc-dddd-000000000001" },
            ["recipient"] = new JsonObject { ["id"] = $"28:{AppId}" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
            ["value"] = new JsonObject
            {
                ["commandId"] = "continueInChat",
                ["parameters"] = new JsonArray(new JsonObject { ["name"] = "request", ["value"] = "write my status update" }),
            },
        };
        using var response = await gateway.PostAsync(ChannelTokens.Create(key, BotFrameworkIssuer, AppId, ServiceUrl), activity.ToJsonString());
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}

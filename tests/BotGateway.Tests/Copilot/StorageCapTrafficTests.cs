using System.Text.Json.Nodes;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Localization;
using Handoff.TestSupport;

namespace Handoff.BotGateway.Tests.Copilot;

/// <summary>
/// ConversationState's caps on open handoffs (per user, per tenant: ADR 0022) as Copilot meets them: through the
/// gateway over HTTP to the real ConversationState and Redis, a refusal is a message in place of the cards that says
/// what to do, never a 500 or an empty result; another tenant is not held up by it.
/// </summary>
public sealed class StorageCapTrafficTests(RedisFixture redis, RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task An_organisation_at_its_cap_hears_its_limit_is_reached_and_another_organisation_still_gets_cards()
    {
        await using var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString,
            stateSettings: [("State:MaxOpenContextsPerTenant", "12")]);
        var tenant = $"tenant-{Guid.NewGuid():N}";

        var minted = 0;
        JsonNode? refusal = null;
        for (var user = 0; user < 12 && refusal is null; user++)
        {
            var result = await QueryAsync(gateway, tenant);
            if ((string?)result["type"] == "message")
            {
                refusal = result;
            }
            else
            {
                minted += GatewayWithState.Tokens(result).Count;
            }
        }

        Assert.InRange(minted, 1, 12);
        Assert.NotNull(refusal);
        Assert.Equal(ReplyLanguage.English.Text(Reply.TooManyTenantHandoffs), (string?)refusal["text"]);
        Assert.NotEmpty(GatewayWithState.Tokens(await QueryAsync(gateway, $"tenant-{Guid.NewGuid():N}")));
    }

    [Fact]
    public async Task A_user_at_their_cap_is_told_to_open_one_of_their_handoffs_and_another_user_still_gets_cards()
    {
        await using var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString,
            stateSettings: [("State:MaxOpenContextsPerUser", "8")]);
        var tenant = $"tenant-{Guid.NewGuid():N}";
        var user = Guid.NewGuid().ToString();

        var first = await QueryAsync(gateway, tenant, user);
        var results = new List<JsonNode> { first };
        for (var query = 0; query < 8 && (string?)results[^1]["type"] != "message"; query++)
        {
            results.Add(await QueryAsync(gateway, tenant, user));
        }

        Assert.NotEmpty(GatewayWithState.Tokens(first));
        Assert.Equal(ReplyLanguage.English.Text(Reply.TooManyOpenHandoffs), (string?)results[^1]["text"]);
        Assert.NotEmpty(GatewayWithState.Tokens(await QueryAsync(gateway, tenant)));
    }

    private static Task<JsonNode> QueryAsync(GatewayWithState gateway, string tenant, string? user = null) =>
        gateway.ComposeExtensionAsync(gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query(JsonValue.Create("write my weekly status update")), user: user, source: "copilot", tenant: tenant));
}

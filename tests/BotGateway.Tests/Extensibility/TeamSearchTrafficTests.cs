using System.Text.Json.Nodes;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Localization;
using Handoff.BotGateway.Tests.Copilot;
using Handoff.Contracts.Clients;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests.Extensibility;

/// <summary>
/// A team's search registered with <c>AddHandoffSearch&lt;T&gt;()</c>, through the gateway over HTTP to the real
/// ConversationState and Redis: its results are the cards, and its payload is sealed in each context and comes back
/// on redemption.
/// </summary>
public sealed class TeamSearchTrafficTests(RedisFixture redis, RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private GatewayWithState _gateway = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _gateway = await GatewayWithState.StartAsync<Program>(redis.ConnectionString, rabbitMq.ConnectionString,
        stateSettings: [], services => services.AddHandoffSearch<OrderSearch>());

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_teams_search_replaces_the_catalogue_and_each_cards_context_carries_its_payload()
    {
        var user = Guid.NewGuid().ToString();

        var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query("chairs"), user, source: "copilot"));

        Assert.Equal([OrderSearch.First.Item.Title, OrderSearch.Second.Item.Title], Titles(result));
        var tokens = GatewayWithState.Tokens(result);
        Assert.Equal("""{"orderId":"O-1001"}""", (await RedeemAsync(tokens[0], user)).Context.AppPayload!.Value.GetRawText());
        Assert.Equal("""{"orderId":"O-1002"}""", (await RedeemAsync(tokens[1], user)).Context.AppPayload!.Value.GetRawText());
    }

    [Fact]
    public async Task A_pick_in_the_search_box_finds_the_teams_result_again_payload_and_all_which_the_client_never_saw()
    {
        var user = Guid.NewGuid().ToString();
        var typed = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query("projectors"), user, source: "compose"));
        var tap = typed["attachments"]![1]!["preview"]!["content"]!["tap"]!["value"]!;
        Assert.DoesNotContain("orderId", tap.ToJsonString(), StringComparison.Ordinal);

        var picked = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/selectItem", tap.DeepClone(), user, source: "compose"));

        var task = await RedeemAsync(Assert.Single(GatewayWithState.Tokens(picked)), user);
        Assert.Equal((OrderSearch.Second.Item.Id, OrderSearch.Second.Item.Title), (task.Context.Item.Id, task.Context.Item.Title));
        Assert.Equal(OrderSearch.Second.Item.Steps, task.Context.Item.Steps);
        Assert.Equal("""{"orderId":"O-1002"}""", task.Context.AppPayload!.Value.GetRawText());
    }

    [Fact]
    public async Task A_pick_the_teams_search_no_longer_finds_is_told_it_is_gone()
    {
        var picked = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/selectItem",
            new TaskSelection("continueInChat", "O-0000", "chairs").ToJson(), source: "compose"));

        Assert.Equal(("message", ReplyLanguage.English.Text(Reply.TaskGone)), ((string?)picked["type"], (string?)picked["text"]));
    }

    [Fact]
    public async Task A_result_whose_payload_is_over_the_limit_is_left_out_and_the_user_still_gets_the_others()
    {
        var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query(OrderSearch.Oversize), source: "copilot"));

        Assert.Equal([OrderSearch.Second.Item.Title], Titles(result));
        Assert.Single(GatewayWithState.Tokens(result));
    }

    [Fact]
    public async Task A_teams_search_that_fails_tells_the_user_to_try_again_in_place_of_cards_and_of_a_500()
    {
        var query = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query(OrderSearch.Down), source: "copilot"));
        var pick = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/selectItem",
            new TaskSelection("continueInChat", "O-DOWN", "chairs").ToJson(), source: "compose"));

        Assert.Equal(("message", ReplyLanguage.English.Text(Reply.SearchUnavailable)), ((string?)query["type"], (string?)query["text"]));
        Assert.Equal(("message", ReplyLanguage.English.Text(Reply.SearchUnavailable)), ((string?)pick["type"], (string?)pick["text"]));
    }

    private async Task<ActiveTask> RedeemAsync(string token, string user)
    {
        var state = _gateway.Services.GetRequiredService<ConversationStateClient>();
        var redeemed = await state.RedeemAsync(new RedeemTokenRequest(token, user, "tenant-1", $"a:{Guid.NewGuid():N}", Guid.NewGuid().ToString("N")), Cancellation);
        return redeemed.Task ?? throw new InvalidOperationException($"The token was refused: {redeemed.Rejection}");
    }

    private static List<string> Titles(JsonNode result) =>
        result["attachments"]!.AsArray().Select(card => (string)card!["preview"]!["content"]!["title"]!).ToList();
}

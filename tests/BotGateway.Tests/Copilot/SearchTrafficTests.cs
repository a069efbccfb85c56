using System.Net;
using System.Text.Json.Nodes;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Localization;
using Handoff.TestSupport;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests.Copilot;

/// <summary>
/// Message-extension searches as Copilot and Teams' search box really send them, through the gateway over HTTP to
/// the real ConversationState and Redis (ADR 0018).
/// </summary>
public sealed class SearchTrafficTests(RedisFixture redis, RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private GatewayWithState _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString);

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    [InlineData(" * ")]
    public async Task Copilot_with_no_request_text_gets_the_catalogue_cards_not_a_400_or_a_card_about_a_wildcard(string? request)
    {
        var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query(request is null ? null : JsonValue.Create(request)), source: "copilot"));

        Assert.Equal("result", (string?)result["type"]);
        var titles = Titles(result);
        Assert.NotEmpty(titles);
        Assert.DoesNotContain(titles, title => title.StartsWith("Continue '", StringComparison.Ordinal));
        Assert.Equal(titles.Count, GatewayWithState.Tokens(result).Count);
    }

    [Fact]
    public async Task A_search_with_no_parameters_at_all_is_answered_too()
    {
        var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            new JsonObject { ["commandId"] = "continueInChat" }, source: "copilot"));

        Assert.NotEmpty(Titles(result));
    }

    [Fact]
    public async Task An_initialRun_gets_default_results_and_mints_nothing()
    {
        var query = new JsonObject
        {
            ["commandId"] = "continueInChat",
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "initialRun", ["value"] = "true" }),
        };

        var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query", query));

        Assert.NotEmpty(Titles(result));
        Assert.Empty(GatewayWithState.Tokens(result));
        Assert.All(result["attachments"]!.AsArray(), card => Assert.Equal("invoke", (string?)card!["preview"]!["content"]!["tap"]!["type"]));
    }

    [Fact]
    public async Task Typing_fifty_characters_in_the_compose_box_mints_nothing_and_leaves_the_user_their_Copilot_allowance()
    {
        const string typed = "write my weekly status update for the design teams";
        Assert.Equal(50, typed.Length);
        var user = Guid.NewGuid().ToString();

        for (var keystroke = 1; keystroke <= typed.Length; keystroke++)
        {
            var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
                GatewayWithState.Query(typed[..keystroke]), user, source: "compose"));

            Assert.True((string?)result["type"] == "result", $"keystroke {keystroke}: {result.ToJsonString()}");
            Assert.Empty(GatewayWithState.Tokens(result));
        }

        var copilot = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query(typed), user, source: "copilot"));

        Assert.Equal("result", (string?)copilot["type"]);
        Assert.Equal($"Continue '{typed}' in chat", Titles(copilot)[0]);
        Assert.Equal(Titles(copilot).Count, GatewayWithState.Tokens(copilot).Count);
    }

    [Fact]
    public async Task Picking_a_search_box_result_mints_one_token_for_that_task_only()
    {
        var user = Guid.NewGuid().ToString();
        var results = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query("status update"), user, source: "compose"));
        var picked = results["attachments"]!.AsArray()[0]!["preview"]!["content"]!["tap"]!["value"]!.DeepClone();

        var selected = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/selectItem", picked, user, source: "compose"));

        var card = Assert.Single(selected["attachments"]!.AsArray());
        Assert.Equal("Continue 'status update' in chat", (string?)card!["content"]!["body"]![0]!["text"]);
        var token = Assert.Single(GatewayWithState.Tokens(selected));
        Assert.Equal(43, token.Length);
    }

    [Fact]
    public async Task A_pick_naming_no_known_task_is_told_to_search_again()
    {
        var selected = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/selectItem",
            new TaskSelection("continueInChat", "no-such-task", "").ToJson(), source: "compose"));

        Assert.Equal("message", (string?)selected["type"]);
        Assert.Equal(ReplyLanguage.English.Text(Reply.TaskGone), (string?)selected["text"]);
    }

    [Fact]
    public async Task A_pick_that_is_not_a_result_of_ours_is_a_400_with_the_reason()
    {
        using var response = await _gateway.PostAsync(_gateway.Activity("invoke", "composeExtension/selectItem", new JsonObject { ["id"] = 5 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("taskId", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copilot_cards_carry_the_task_facts()
    {
        var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query",
            GatewayWithState.Query("write my weekly status update"), source: "copilot"));

        var body = result["attachments"]![0]!["content"]!["body"]!.AsArray();
        var facts = body.Single(block => (string?)block!["type"] == "FactSet")!["facts"]!.AsArray()
            .ToDictionary(fact => (string)fact!["title"]!, fact => (string)fact!["value"]!);
        Assert.Equal("4", facts["Steps"]);
        Assert.Equal("Tell me what a good result looks like for this request.", facts["First step"]);
        Assert.Equal("works once, for 10 minutes", facts["Link"]);
    }

    [Fact]
    public async Task Without_a_source_a_query_is_taken_for_Copilot_and_its_cards_can_be_clicked()
    {
        var result = await _gateway.ComposeExtensionAsync(_gateway.Activity("invoke", "composeExtension/query", GatewayWithState.Query("plan the offsite")));

        Assert.Equal(Titles(result).Count, GatewayWithState.Tokens(result).Count);
    }

    [Fact]
    public async Task The_deep_link_opens_the_configured_Teams_host()
    {
        await using var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString, ("Handoff:DeepLinkHost", "teams.cloud.microsoft"));

        var result = await gateway.ComposeExtensionAsync(gateway.Activity("invoke", "composeExtension/query", GatewayWithState.Query("plan the offsite"), source: "copilot"));

        var url = new Uri((string)result["attachments"]![0]!["content"]!["actions"]![0]!["url"]!);
        Assert.Equal("teams.cloud.microsoft", url.Host);
        Assert.StartsWith("/l/chat/0/0", url.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deep_link_host_that_is_not_a_Teams_host_stops_start_up_naming_the_key()
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString, ("Handoff:DeepLinkHost", "https://evil.example/"));
        });

        var failures = (error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error!]).OfType<OptionsValidationException>();
        Assert.Contains(failures, failure => failure.Message.Contains("Handoff:DeepLinkHost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pick_over_the_users_limit_is_told_so_in_the_search_box()
    {
        // A burst of one: the first pick is minted, the second is over the limit.
        await using var gateway = await GatewayWithState.StartAsync(redis.ConnectionString, rabbitMq.ConnectionString, ("RateLimits:UserActivitiesPerMinute", "4"));
        var user = Guid.NewGuid().ToString();
        var pick = new TaskSelection("continueInChat", "offsite-plan", "").ToJson();

        var first = await gateway.ComposeExtensionAsync(gateway.Activity("invoke", "composeExtension/selectItem", pick.DeepClone(), user, source: "compose"));
        var second = await gateway.ComposeExtensionAsync(gateway.Activity("invoke", "composeExtension/selectItem", pick.DeepClone(), user, source: "compose"));

        Assert.Single(GatewayWithState.Tokens(first));
        Assert.Equal("message", (string?)second["type"]);
        Assert.StartsWith("You're searching faster", (string?)second["text"], StringComparison.Ordinal);
    }

    private static List<string> Titles(JsonNode result) =>
        result["attachments"]!.AsArray().Select(card => (string)card!["content"]!["body"]![0]!["text"]!).ToList();
}

using System.Net;
using System.Text.Json.Nodes;

namespace Handoff.EndToEnd.Tests;

/// <summary>Bad input against the running gateway: a 4xx with a reason, never a 500.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class BadInputTests(HandoffSystemFixture system)
{
    public static TheoryData<string, int> BadBodies => new()
    {
        { "{", 400 },
        { "", 400 },
        { "null", 400 },
        { "[1,2,3]", 400 },
        { "{\"type\":\"invoke\"}", 400 },
        { "{\"type\":\"message\",\"serviceUrl\":\"https://smba.trafficmanager.net/amer/\"}", 400 },
        { "{\"type\":\"message\",\"serviceUrl\":\"https://smba.trafficmanager.net/amer/\",\"conversation\":{\"id\":\"a:1\"}}", 400 },
        { "{\"type\":\"message\",\"serviceUrl\":\"https://attacker.example/\",\"conversation\":{\"id\":\"a:1\"},\"from\":{\"id\":\"u\"}}", 400 },
        { "{\"type\":\"message\",\"serviceUrl\":\"file:///etc/passwd\",\"conversation\":{\"id\":\"a:1\"},\"from\":{\"id\":\"u\"}}", 400 },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Malformed_activities_get_a_4xx_with_a_reason(string body, int status)
    {
        var response = await system.NewUser().PostRawAsync(body);

        Assert.Equal(status, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!;
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"a string\"")]
    [InlineData("{}")]
    [InlineData("{\"continuation\":123}")]
    [InlineData("{\"continuation\":\"\"}")]
    [InlineData("{\"continuationToken\":\"abc\"}")]
    public async Task A_handoff_without_a_usable_string_continuation_gets_400(string? value)
    {
        var user = system.NewUser();

        var response = await user.PostAsync(user.Activity("invoke", "handoff/action", value is null ? null : JsonNode.Parse(value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("continuation", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_for_another_command_gets_400_naming_ours()
    {
        var response = await system.NewUser().CopilotQueryAsync("x", commandId: "somethingElse");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("continueInChat", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invoke_we_do_not_handle_gets_501()
    {
        var user = system.NewUser();

        var response = await user.PostAsync(user.Activity("invoke", "handoff.initiate", new JsonObject()));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        var user = system.NewUser();
        var activity = user.Activity("message", null, null);
        activity["text"] = new string('x', 300_000);

        var response = await user.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_non_json_content_type_gets_415()
    {
        var response = await system.NewUser().PostRawAsync("type=message", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Other_activity_types_are_acknowledged()
    {
        var user = system.NewUser();

        var response = await user.PostAsync(user.Activity("conversationUpdate", null, null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_thousand_random_mutations_of_a_real_activity_never_get_a_5xx_other_than_501()
    {
        var user = system.NewUser();
        var seed = user.Activity("invoke", "handoff/action", new JsonObject { ["continuation"] = "abc" }).ToJsonString();
        var random = new Random(20261124);
        var statuses = new List<int>();
        for (var i = 0; i < 1000; i++)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(seed);
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var response = await user.PostRawAsync(System.Text.Encoding.UTF8.GetString(bytes[..random.Next(1, bytes.Length + 1)]));
            statuses.Add((int)response.StatusCode);
        }

        Assert.DoesNotContain(statuses, status => status >= 500 && status != 501 && status != 503);
    }
}

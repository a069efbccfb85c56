using System.Net;
using System.Text.Json.Nodes;
using Handoff.TestSupport;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>
/// Development mode's holes from issue 15, over HTTP to the real gateway: only application/json is an activity, and a
/// serviceUrl is a connector's base (scheme, host, port, base path) that every connector URL is built from.
/// </summary>
public sealed class InboundRequestShapeTests(RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private RecordingServer _connector = null!;
    private KestrelGateway _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _connector = await RecordingServer.ConnectorAsync();
        _gateway = KestrelGateway.Start(rabbitMq.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_text_plain_post_claiming_charset_json_is_415_with_the_reason_and_nothing_is_sent()
    {
        var conversation = $"conv-{Guid.NewGuid():N}";

        var response = await _gateway.PostAsync(Message(conversation), "text/plain;charset=json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        // HttpClient sends it as "text/plain; charset=json".
        Assert.Matches(@"^Content-Type must be application/json, not 'text/plain; ?charset=json'\.$", await ErrorMessageAsync(response));
        Assert.Empty(_connector.Requests);
    }

    [Theory]
    [InlineData(null, "Content-Type is required")]
    [InlineData("text/plain", "must be application/json")]
    [InlineData("application/x-www-form-urlencoded", "must be application/json")]
    [InlineData("multipart/form-data; boundary=x", "must be application/json")]
    [InlineData("application/jsonp", "must be application/json")]
    [InlineData("application/json; charset=utf-16", "charset must be utf-8")]
    [InlineData("application/json; profile=x", "only a charset parameter")]
    public async Task Anything_but_application_json_is_415_naming_what_is_wrong(string? contentType, string reason)
    {
        var response = await _gateway.PostAsync(Message($"conv-{Guid.NewGuid():N}"), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(reason, await ErrorMessageAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=\"UTF-8\"")]
    public async Task Application_json_with_or_without_a_utf8_charset_is_an_activity(string contentType)
    {
        var conversation = $"conv-{Guid.NewGuid():N}";

        var response = await _gateway.PostAsync(Message(conversation), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _connector.WaitForRequestAsync(request => request.Contains(conversation, StringComparison.Ordinal)),
            request => request.Contains(conversation, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("conversations/abc/active-task/switch#", "must not have a fragment")]
    [InlineData("conversations/abc/active-task/switch#/v3", "must not have a fragment")]
    [InlineData("x?q=", "must not have a query")]
    [InlineData("x?", "must not have a query")]
    public async Task A_service_url_with_a_query_or_fragment_is_400_and_nothing_is_sent(string pathAndMore, string reason)
    {
        var response = await _gateway.PostAsync(Message($"conv-{Guid.NewGuid():N}", _connector.BaseAddress.AbsoluteUri + pathAndMore));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await ErrorMessageAsync(response), StringComparison.Ordinal);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_service_url_with_user_info_is_400_and_nothing_is_sent()
    {
        var withUser = new UriBuilder(_connector.BaseAddress) { UserName = "bot", Password = "secret" }.Uri.AbsoluteUri;

        var response = await _gateway.PostAsync(Message($"conv-{Guid.NewGuid():N}", withUser));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must not carry user info", await ErrorMessageAsync(response), StringComparison.Ordinal);
        Assert.Empty(_connector.Requests);
    }

    [Theory]
    [InlineData("amer/")]
    [InlineData("amer")]
    public async Task A_base_path_is_kept_and_the_connector_path_follows_it(string basePath)
    {
        var conversation = $"conv-{Guid.NewGuid():N}";

        var response = await _gateway.PostAsync(Message(conversation, _connector.BaseAddress.AbsoluteUri + basePath));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"POST /amer/v3/conversations/{conversation}/activities/m-1"], await _connector.WaitForRequestAsync(request => request.Contains(conversation, StringComparison.Ordinal)));
    }

    private string Message(string conversation, string? serviceUrl = null)
    {
        var message = KestrelGateway.Message(serviceUrl ?? _connector.BaseAddress.AbsoluteUri, conversation);
        message["id"] = "m-1";
        return message.ToJsonString();
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!["message"]!;
}

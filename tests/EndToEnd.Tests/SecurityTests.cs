using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.EndToEnd.Tests;

/// <summary>Issue 15's black-box cases against the running system in development mode: each now gets a clear refusal.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class SecurityTests(HandoffSystemFixture system)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_forget_me_posted_as_text_plain_charset_json_is_415_and_forgets_nothing()
    {
        var user = system.NewUser();
        var activity = user.Activity("message", null, null);
        activity["text"] = "forget me";
        using var request = new HttpRequestMessage(HttpMethod.Post, system.AppHost.MessagesEndpoint)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(activity.ToJsonString())),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain;charset=json");

        var response = await Http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("must be application/json", await ErrorAsync(response), StringComparison.Ordinal);
        Assert.Empty(system.Connector.In(user.ConversationId));
    }

    [Theory]
    [InlineData("conversations/abc/active-task/switch#", "must not have a fragment")]
    [InlineData("x?q=", "must not have a query")]
    public async Task A_service_url_with_a_fragment_or_query_is_400_and_nothing_is_posted_anywhere(string pathAndMore, string reason)
    {
        var user = system.NewUser();
        var activity = user.Activity("message", null, null);
        activity["text"] = "hello";
        activity["serviceUrl"] = system.Connector.ServiceUrl.AbsoluteUri + pathAndMore;

        var response = await user.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await ErrorAsync(response), StringComparison.Ordinal);
        Assert.Empty(system.Connector.In(user.ConversationId));
    }

    [Fact]
    public async Task A_connector_answering_307_to_another_port_is_not_followed()
    {
        var redirects = 0;
        var (redirecting, baseAddress) = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            Interlocked.Increment(ref redirects);
            await Results.Redirect(new Uri(system.Connector.ServiceUrl, context.Request.Path.Value!.TrimStart('/')).AbsoluteUri,
                permanent: false, preserveMethod: true).ExecuteAsync(context);
        }));
        await using var _ = redirecting;
        var user = new TeamsChannel(system.AppHost.MessagesEndpoint, baseAddress, "tenant-e2e");

        var response = await user.SayAsync("hello");
        // The answer comes from the turn worker after the 200; a refused answer is not tried again.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref redirects) == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Volatile.Read(ref redirects));
        Assert.Empty(system.Connector.In(user.ConversationId));
    }

    [Fact]
    public async Task A_link_minted_for_tenant_T_and_user_u_x_is_not_redeemed_by_tenant_T_u_and_user_x()
    {
        var tenant = $"T{Guid.NewGuid():N}";
        var minter = system.NewUser(tenant);
        var query = minter.Activity("invoke", "composeExtension/query", new JsonObject
        {
            ["commandId"] = "continueInChat",
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "request", ["value"] = "the collision's task" }),
        });
        query["from"]!["aadObjectId"] = "u/x";
        var cards = await TeamsChannel.CardsAsync(await minter.PostAsync(query));
        var other = system.NewUser(tenant + "/u");
        var click = other.Activity("invoke", "handoff/action", new JsonObject { ["continuation"] = cards[0].Token });
        click["from"]!["aadObjectId"] = "x";

        var response = await other.PostAsync(click);
        var reply = (await system.Connector.WaitForMessagesAsync(other.ConversationId, 1))[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("made for someone else", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("the collision's task", reply.Activity.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_admin_key_gets_a_401_that_says_only_unauthorized()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(system.AppHost.MessagesEndpoint, "/admin/users/tenant-e2e/someone"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "e2e");

        var response = await Http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":{"code":"Unauthorized","message":"Unauthorized."}}""", JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.ToJsonString());
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["error"]!["message"]!;
}

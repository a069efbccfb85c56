using System.Net;
using System.Net.Http.Json;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// Only the gateway and HandoffService may call ConversationState, each only what it needs, over real HTTP on a real
/// Redis: anyone else gets the same bare 401, whatever failed; <c>/health</c> and <c>/alive</c> need no caller.
/// </summary>
public sealed class CallerAuthenticationTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WebApplicationFactory<Program> _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = StateService.On(redisFixture.ConnectionString);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_request_without_a_credential_is_unauthorized()
    {
        using var anonymous = _factory.CallerClient(key: null);

        var response = await anonymous.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]), Cancel);

        await AssertUnauthorizedAsync(response);
        Assert.Equal("CallerKey", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_unknown_key_is_unauthorized()
    {
        using var stranger = _factory.CallerClient("not-a-key-anyone-was-given-" + Guid.NewGuid().ToString("N"));

        await AssertUnauthorizedAsync(await stranger.PostAsJsonAsync("/handoff-tokens/redeem",
            new RedeemTokenRequest("some-token", "aad-alice", "tenant-1", "a:1", "r-1"), Cancel));
    }

    [Fact]
    public async Task Another_scheme_with_a_real_key_is_unauthorized()
    {
        using var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", StateService.GatewayKey);

        await AssertUnauthorizedAsync(await http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]), Cancel));
    }

    [Theory]
    [InlineData("POST", "/handoff-contexts")]
    [InlineData("DELETE", "/users/tenant-1/aad-alice?requestedBy=user")]
    [InlineData("POST", "/conversations/a%3A1/turns")]
    [InlineData("POST", "/conversations/a%3A1/replies")]
    [InlineData("POST", "/conversations/a%3A1/active-task/switch")]
    [InlineData("POST", "/outcome-deliveries/d-1/claim")]
    [InlineData("GET", "/handoff-journal/some-reference")]
    public async Task HandoffService_is_unauthorized_on_the_gateways_endpoints(string method, string path)
    {
        using var handoffService = _factory.CallerClient(StateService.HandoffServiceKey);

        await AssertUnauthorizedAsync(await handoffService.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { }) : null,
        }, Cancel));
    }

    [Fact]
    public async Task HandoffService_may_redeem_and_write_the_journal()
    {
        using var gateway = _factory.GatewayClient();
        using var handoffService = _factory.CallerClient(StateService.HandoffServiceKey);
        var stored = await (await gateway.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]), Cancel))
            .Content.ReadFromJsonAsync<StoreContextsResponse>(Cancel);

        var redeemed = await handoffService.PostAsJsonAsync("/handoff-tokens/redeem",
            new RedeemTokenRequest(stored!.Tokens[0].Token, "aad-alice", "tenant-1", $"a:{Guid.NewGuid()}", "r-1"), Cancel);
        var journal = await handoffService.PostAsJsonAsync("/handoff-journal", new RecordHandoffStepsRequest(
            [new HandoffStep(HandoffReference.ForToken(stored.Tokens[0].Token), HandoffSteps.Redeemed, "test", DateTimeOffset.UtcNow)]), Cancel);

        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal("write my status update", (await redeemed.Content.ReadFromJsonAsync<RedeemTokenResponse>(Cancel))!.Task!.Context.RequestText);
        Assert.Equal(HttpStatusCode.NoContent, journal.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task The_probes_need_no_caller(string path)
    {
        using var anonymous = _factory.CallerClient(key: null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path, Cancel)).StatusCode);
    }

    [Fact]
    public async Task Reading_a_conversation_is_not_served_to_anyone()
    {
        using var gateway = _factory.GatewayClient();

        var response = await gateway.GetAsync("/conversations/a%3A1", Cancel);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"GET /conversations/{{id}} answered {(int)response.StatusCode}");
    }

    [Fact]
    public void Every_endpoint_but_the_probes_and_the_metrics_names_who_may_call_it()
    {
        var open = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(data => data.Policy is not null))
            .Select(endpoint => endpoint.RoutePattern.RawText)
            .ToList();

        Assert.Equal(["/alive", "/health", "/metrics"], open.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_service_does_not_start_without_a_key_for_every_caller()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:redis", redisFixture.ConnectionString);
            web.UseSetting("CallerAuthentication:Keys:botgateway", StateService.GatewayKey);
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("CallerAuthentication:Keys:handoffservice is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_callers_with_one_key_are_refused_at_start()
    {
        using var factory = StateService.On(redisFixture.ConnectionString, ("CallerAuthentication:Keys:handoffservice", StateService.GatewayKey));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("share a key", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The same answer for every failure: the status, and a title that names no check.</summary>
    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancel);
        Assert.Equal("Unauthorized", problem!.Title);
        Assert.Null(problem.Detail);
    }
}

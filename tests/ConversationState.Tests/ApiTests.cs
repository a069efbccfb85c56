using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Net;
using System.Net.Http.Json;
using Handoff.Contracts.State;
using Handoff.ConversationState.Conversations;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.ConversationState.Tests;

/// <summary>The HTTP API over a real Redis: what callers get for good and bad requests.</summary>
public sealed class ApiTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public ValueTask InitializeAsync()
    {
        _factory = StateService.On(redisFixture.ConnectionString);
        _http = _factory.GatewayClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Storing_then_redeeming_activates_the_task_in_the_conversation()
    {
        var conversation = $"a:{Guid.NewGuid()}";
        var stored = await PostAsync<StoreContextsResponse>("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]));

        var redeemed = await PostAsync<RedeemTokenResponse>("/handoff-tokens/redeem",
            new RedeemTokenRequest(stored.Tokens[0].Token, "aad-alice", "tenant-1", conversation, "r-1"));
        var snapshot = await _factory.Services.GetRequiredService<ConversationStore>().GetAsync(conversation);

        Assert.Equal("write my status update", redeemed.Task!.Context.RequestText);
        Assert.Equivalent(redeemed.Task.Context, snapshot.ActiveTask!.Context, strict: true);
    }

    [Fact]
    public async Task A_rejected_redemption_is_a_normal_answer_with_a_reason_and_no_task()
    {
        var response = await PostAsync<RedeemTokenResponse>("/handoff-tokens/redeem",
            new RedeemTokenRequest("unknown-token", "aad-alice", "tenant-1", "a:1", "r-1"));

        Assert.Equal(HandoffRejectionReason.Unknown, response.Rejection);
        Assert.Null(response.Task);
    }

    [Fact]
    public async Task Advancing_moves_one_step_and_a_stale_step_is_a_conflict()
    {
        var conversation = $"a:{Guid.NewGuid()}";
        var stored = await PostAsync<StoreContextsResponse>("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]));
        await PostAsync<RedeemTokenResponse>("/handoff-tokens/redeem",
            new RedeemTokenRequest(stored.Tokens[0].Token, "aad-alice", "tenant-1", conversation, "r-1"));
        var path = $"/conversations/{Uri.EscapeDataString(conversation)}/active-task/advance";

        var advanced = await _http.PostAsJsonAsync(path, new AdvanceStepRequest(0), TestContext.Current.CancellationToken);
        var stale = await _http.PostAsJsonAsync(path, new AdvanceStepRequest(0), TestContext.Current.CancellationToken);
        var none = await _http.PostAsJsonAsync("/conversations/a%3Anobody/active-task/advance", new AdvanceStepRequest(0), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Theory]
    [InlineData("/handoff-contexts", "{")]
    [InlineData("/handoff-contexts", "[]")]
    [InlineData("/handoff-contexts", "{\"contexts\":[]}")]
    [InlineData("/handoff-contexts", "{\"contexts\":[null]}")]
    [InlineData("/handoff-contexts", "{\"contexts\":[{\"requestText\":\"x\"}]}")]
    [InlineData("/handoff-contexts", "{\"contexts\":\"nope\"}")]
    [InlineData("/handoff-tokens/redeem", "{}")]
    [InlineData("/handoff-tokens/redeem", "{\"token\":5}")]
    [InlineData("/handoff-tokens/redeem", "{\"token\":\"t\",\"userAadObjectId\":\"\",\"tenantId\":\"t\",\"conversationId\":\"c\",\"redemptionId\":\"r\"}")]
    [InlineData("/conversations/a%3A1/active-task/advance", "{\"expectedStepIndex\":\"x\"}")]
    public async Task Bad_requests_get_400_with_a_reason(string path, string body)
    {
        var response = await _http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Too_many_contexts_in_one_request_get_400()
    {
        var request = new StoreContextsRequest(Enumerable.Range(0, 11).Select(_ => StateTestData.Draft()).ToList());

        var response = await _http.PostAsJsonAsync("/handoff-contexts", request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("At most 10", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_over_the_size_limit_gets_400()
    {
        var huge = StateTestData.Draft() with { Item = StateTestData.Item with { Steps = Enumerable.Repeat(new string('x', 3_000), 10).ToList() } };

        var response = await _http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([huge]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the limit is", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_redis_down_callers_get_503_to_retry_not_500()
    {
        await using var factory = StateService.On($"127.0.0.1:{LoopbackPorts.Free()},connectTimeout=500,syncTimeout=500,asyncTimeout=500");
        using var http = factory.GatewayClient();

        var response = await http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Health_says_unhealthy_and_why_when_writes_wait_for_more_replicas_than_are_connected()
    {
        await using var waitsForOne = StateService.On(redisFixture.ConnectionString, ("State:ReplicaAcks", "1"));
        using var http = waitsForOne.GatewayClient();
        using var healthy = _factory.GatewayClient();

        var response = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        var report = await waitsForOne.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("0 of the 1 Redis replicas writes wait for are connected", report.Entries["redis"].Description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await healthy.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        var response = await _http.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken))!;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Handoff.Contracts.Clients;
using Microsoft.AspNetCore.Http;
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
    [InlineData("/conversations/a%3A1/turns", "{\"text\":\"hi\",\"tenantId\":\"t\"}")]
    [InlineData("/conversations/a%3A1/replies", "{\"text\":\"hi\",\"tenantId\":\"t\"}")]
    [InlineData("/conversations/a%3A1/replies", "{\"text\":\" \",\"userAadObjectId\":\"u\",\"tenantId\":\"t\"}")]
    [InlineData("/conversations/a%3A1/replies", "{\"userAadObjectId\":\"u\",\"tenantId\":\"t\"}")]
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
    public async Task An_app_payload_rides_from_mint_to_redeem_to_the_conversations_tasks_and_through_a_switch()
    {
        var conversation = $"a:{Guid.NewGuid()}";
        var ticket = JsonDocument.Parse("""{"ticket":"INC-4711","lines":[1,2],"urgent":true,"note":"caf\u00e9 ☕"}""").RootElement;
        var stored = await PostAsync<StoreContextsResponse>("/handoff-contexts", new StoreContextsRequest(
        [
            StateTestData.Draft() with { AppPayload = ticket },
            StateTestData.Draft(request: "draft the roadmap") with { AppPayload = JsonSerializer.SerializeToElement("order-42") },
            StateTestData.Draft(request: "plain") with { AppPayload = JsonSerializer.SerializeToElement(42) },
        ]));

        var redeemed = await RedeemAsync(stored.Tokens[0].Token, conversation, "r-1");
        var turn = await PostAsync<ConversationSnapshot>($"/conversations/{Uri.EscapeDataString(conversation)}/turns", new RecordTurnRequest("hi", "aad-alice", "tenant-1"));
        await RedeemAsync(stored.Tokens[1].Token, conversation, "r-2");
        var switched = await PostAsync<ConversationSnapshot>($"/conversations/{Uri.EscapeDataString(conversation)}/active-task/switch", new { });
        var number = await RedeemAsync(stored.Tokens[2].Token, $"a:{Guid.NewGuid()}", "r-3");

        Assert.True(JsonElement.DeepEquals(ticket, redeemed.Task!.Context.AppPayload!.Value), redeemed.Task.Context.AppPayload!.Value.GetRawText());
        Assert.Equal("café ☕", turn.ActiveTask!.Context.AppPayload!.Value.GetProperty("note").GetString());
        Assert.Equal("INC-4711", switched.ActiveTask!.Context.AppPayload!.Value.GetProperty("ticket").GetString());
        Assert.Equal("order-42", switched.ActiveTask.Previous!.Context.AppPayload!.Value.GetString());
        Assert.Equal(42, number.Task!.Context.AppPayload!.Value.GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"appPayload\":null")]
    public async Task A_context_without_an_app_payload_or_with_a_null_one_has_none(string payload)
    {
        var body = $$"""{"contexts":[{"requestText":"r","commandId":"c","item":{"id":"i","title":"t","description":"d","steps":["s"]},"userAadObjectId":"aad-alice","tenantId":"tenant-1","locale":"en-US"{{payload}}}]}""";
        var response = await _http.PostAsync("/handoff-contexts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var stored = (await response.Content.ReadFromJsonAsync<StoreContextsResponse>(TestContext.Current.CancellationToken))!;

        var redeemed = await RedeemAsync(stored.Tokens[0].Token, $"a:{Guid.NewGuid()}", "r-1");

        Assert.Null(redeemed.Task!.Context.AppPayload);
    }

    [Fact]
    public async Task An_app_payload_over_4096_bytes_gets_400_naming_the_limit_and_one_of_4096_is_stored()
    {
        // A JSON string of n characters is n + 2 bytes with its quotes.
        var atTheLimit = StateTestData.Draft() with { AppPayload = JsonSerializer.SerializeToElement(new string('x', AppPayloadLimits.MaxBytes - 2)) };
        var overTheLimit = StateTestData.Draft() with { AppPayload = JsonSerializer.SerializeToElement(new string('x', AppPayloadLimits.MaxBytes - 1)) };

        var accepted = await _http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([atTheLimit]), TestContext.Current.CancellationToken);
        var refused = await _http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([atTheLimit, overTheLimit]), TestContext.Current.CancellationToken);
        var problem = await refused.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["The app payload is 4097 bytes of JSON; the limit is 4096."], problem!.Errors["contexts[1].appPayload"]);
        Assert.Equal(4096, AppPayloadLimits.MaxBytes);
    }

    [Fact]
    public async Task An_app_payload_counts_towards_the_size_limit_of_its_context()
    {
        await using var small = StateService.On(redisFixture.ConnectionString, ("State:MaxContextBytes", "1024"));
        using var http = small.GatewayClient();
        var draft = StateTestData.Draft() with { AppPayload = JsonSerializer.SerializeToElement(new { notes = new string('n', 1_000) }) };

        var response = await http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([draft]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the limit is 1024", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_records_a_reply_that_the_next_turn_returns_after_the_first_turn()
    {
        var client = new ConversationStateClient(_http);
        var conversation = $"a:{Guid.NewGuid()}";

        var first = await client.RecordTurnAsync(conversation, new RecordTurnRequest("what's next?", "aad-alice", "tenant-1"), TestContext.Current.CancellationToken);
        await client.RecordReplyAsync(conversation, new RecordReplyRequest("Step 2: Draft.", "aad-alice", "tenant-1"), TestContext.Current.CancellationToken);
        var second = await client.RecordTurnAsync(conversation, new RecordTurnRequest("thanks", "aad-alice", "tenant-1"), TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<ConversationStateException>(() =>
            client.RecordReplyAsync(conversation, new RecordReplyRequest("", "aad-alice", "tenant-1"), TestContext.Current.CancellationToken));

        Assert.Empty(first.History!);
        Assert.Equal([(ConversationRoles.User, "what's next?"), (ConversationRoles.Assistant, "Step 2: Draft.")], second.History!.Select(message => (message.Role, message.Text)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
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

    private Task<RedeemTokenResponse> RedeemAsync(string token, string conversation, string redemption) =>
        PostAsync<RedeemTokenResponse>("/handoff-tokens/redeem", new RedeemTokenRequest(token, "aad-alice", "tenant-1", conversation, redemption));

    private async Task<T> PostAsync<T>(string path, object body)
    {
        var response = await _http.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken))!;
    }
}

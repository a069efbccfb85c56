using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Handoff.Contracts.Diagnostics;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>The handoff diagnostics journal and the feedback vote, through the HTTP API on a real Redis.</summary>
public sealed class HandoffJournalTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public ValueTask InitializeAsync()
    {
        _factory = StateService.On(redisFixture.ConnectionString, ("State:RedisPingInterval", "00:00:00.100"));
        _http = _factory.GatewayClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Steps_from_several_services_come_back_oldest_first_and_are_kept_for_a_day()
    {
        var reference = HandoffReference.ForToken(Guid.NewGuid().ToString());
        var start = DateTimeOffset.UtcNow;
        await AppendAsync(new HandoffStep(reference, HandoffSteps.QueryAnswered, "BotGateway", start, "card 1 of 3", new string('a', 32), new string('b', 16)));
        await AppendAsync(
            new HandoffStep(reference, HandoffSteps.Redeemed, "HandoffService", start.AddSeconds(2)),
            new HandoffStep(reference.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal), HandoffSteps.ClickReceived, "BotGateway", start.AddSeconds(1)));

        var journal = await _http.GetFromJsonAsync<HandoffJournal>($"/handoff-journal/{reference}", TestContext.Current.CancellationToken);
        using var redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync($"handoff:journal:{{{reference}}}");

        Assert.Equal([HandoffSteps.QueryAnswered, HandoffSteps.ClickReceived, HandoffSteps.Redeemed], journal!.Steps.Select(step => step.Step));
        Assert.Equal("card 1 of 3", journal.Steps[0].Detail);
        Assert.Equal(new string('a', 32), journal.Steps[0].TraceId);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task An_unknown_reference_is_404_with_a_reason_and_a_malformed_one_is_400()
    {
        var unknown = await _http.GetAsync($"/handoff-journal/{HandoffReference.ForToken("never-minted")}", TestContext.Current.CancellationToken);
        var malformed = await _http.GetAsync("/handoff-journal/not-a-ref!", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Nothing is known of handoff", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("{\"steps\":[]}")]
    [InlineData("{\"steps\":[null]}")]
    [InlineData("{\"steps\":[{\"reference\":\"nope\",\"step\":\"x\",\"service\":\"s\",\"at\":\"2026-01-01T00:00:00Z\"}]}")]
    [InlineData("{\"steps\":[{\"reference\":\"ABCDE-12345\",\"step\":\"\",\"service\":\"s\",\"at\":\"2026-01-01T00:00:00Z\"}]}")]
    [InlineData("{\"steps\":\"x\"}")]
    public async Task Bad_journal_writes_get_400(string body)
    {
        var response = await _http.PostAsync("/handoff-journal", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_first_feedback_vote_on_a_handoff_counts_and_a_second_does_not()
    {
        var reference = HandoffReference.ForToken(Guid.NewGuid().ToString());

        var first = await VoteAsync(reference, "up");
        var second = await VoteAsync(reference, "down");
        var bad = await _http.PostAsJsonAsync($"/handoff-journal/{reference}/feedback", new FeedbackVoteRequest("sideways"), TestContext.Current.CancellationToken);

        Assert.True(first.Counted);
        Assert.False(second.Counted);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Minted_tokens_are_counted_and_redis_round_trips_are_timed_in_seconds()
    {
        var meters = _factory.Services.GetRequiredService<IMeterFactory>();
        using var minted = new MetricCollector<long>(meters, "Handoff", "handoff.tokens.minted");
        using var redis = new MetricCollector<double>(meters, "Handoff", "handoff.redis.command.duration");

        var response = await _http.PostAsJsonAsync("/handoff-contexts",
            new StoreContextsRequest([StateTestData.Draft(user: $"aad-{Guid.NewGuid()}"), StateTestData.Draft(user: $"aad-{Guid.NewGuid()}")]), TestContext.Current.CancellationToken);
        await redis.WaitForMeasurementsAsync(3, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, minted.GetMeasurementSnapshot().EvaluateAsCounter());
        var timings = redis.GetMeasurementSnapshot();
        Assert.Contains(timings, m => (string?)m.Tags["db.operation.name"] == "ping");
        Assert.Contains(timings, m => (string?)m.Tags["db.operation.name"] == "store_contexts");
        Assert.All(timings, m => Assert.InRange(m.Value, 0, 5));
    }

    private async Task AppendAsync(params HandoffStep[] steps)
    {
        var response = await _http.PostAsJsonAsync("/handoff-journal", new RecordHandoffStepsRequest(steps), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<FeedbackVoteResponse> VoteAsync(string reference, string vote)
    {
        var response = await _http.PostAsJsonAsync($"/handoff-journal/{reference}/feedback", new FeedbackVoteRequest(vote), TestContext.Current.CancellationToken);
        return (await response.Content.ReadFromJsonAsync<FeedbackVoteResponse>(TestContext.Current.CancellationToken))!;
    }
}

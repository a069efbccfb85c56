using System.Net;
using System.Net.Http.Json;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>Telling a user once: the claim, its renewable lease, completion and release, on a real Redis.</summary>
public sealed class OutcomeDeliveryTests(RedisFixture redisFixture) : IAsyncLifetime
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
    public async Task The_first_claim_wins_the_second_waits_and_once_completed_nobody_sends_again()
    {
        var id = NewId();

        Assert.Equal(DeliveryClaim.Claimed, await ClaimAsync(id));
        Assert.Equal(DeliveryClaim.InProgress, await ClaimAsync(id));
        (await _http.PostAsync($"/outcome-deliveries/{id}/complete", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.Equal(DeliveryClaim.AlreadySent, await ClaimAsync(id));
    }

    [Fact]
    public async Task A_claim_is_a_short_lease_that_renewing_extends()
    {
        var id = NewId();
        await ClaimAsync(id);
        using var redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);
        var key = (await redis.GetServers()[0].KeysAsync(pattern: $"*{id}*").ToListAsync(TestContext.Current.CancellationToken)).Single();
        await redis.GetDatabase().KeyExpireAsync(key, TimeSpan.FromSeconds(3));

        var renew = await _http.PostAsync($"/outcome-deliveries/{id}/renew", null, TestContext.Current.CancellationToken);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);

        Assert.Equal(HttpStatusCode.NoContent, renew.StatusCode);
        Assert.InRange(ttl!.Value, DeliveryLease.Duration - TimeSpan.FromSeconds(2), DeliveryLease.Duration);
    }

    [Fact]
    public async Task A_lease_that_ran_out_lets_a_redelivery_claim_it_and_the_late_sender_cannot_renew_it()
    {
        var id = NewId();
        await ClaimAsync(id);
        using var redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);
        var key = (await redis.GetServers()[0].KeysAsync(pattern: $"*{id}*").ToListAsync(TestContext.Current.CancellationToken)).Single();
        await redis.GetDatabase().KeyDeleteAsync(key);

        var renew = await _http.PostAsync($"/outcome-deliveries/{id}/renew", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, renew.StatusCode);
        Assert.Equal(DeliveryClaim.Claimed, await ClaimAsync(id));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var id = NewId();
        await ClaimAsync(id);

        (await _http.DeleteAsync($"/outcome-deliveries/{id}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        Assert.Equal(DeliveryClaim.Claimed, await ClaimAsync(id));
    }

    [Fact]
    public async Task A_claim_marks_the_senders_earlier_sends_sent_in_the_same_call()
    {
        var (earlier, next) = (NewId(), NewId());
        await ClaimAsync(earlier);

        using var response = await _http.PostAsJsonAsync($"/outcome-deliveries/{next}/claim", new ClaimDeliveryRequest([earlier]), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        Assert.Equal(DeliveryClaim.Claimed, (await response.Content.ReadFromJsonAsync<DeliveryClaimResponse>(TestContext.Current.CancellationToken))!.Claim);
        Assert.Equal(DeliveryClaim.AlreadySent, await ClaimAsync(earlier));
    }

    [Fact]
    public async Task A_claim_carrying_more_sends_than_allowed_is_refused_with_the_reason()
    {
        var sent = Enumerable.Range(0, ClaimDeliveryRequest.MostSent + 1).Select(_ => NewId()).ToList();

        using var response = await _http.PostAsJsonAsync($"/outcome-deliveries/{NewId()}/claim", new ClaimDeliveryRequest(sent), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"At most {ClaimDeliveryRequest.MostSent} deliveries per claim", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static string NewId() => $"{Guid.NewGuid():N}-outcome";

    private async Task<DeliveryClaim> ClaimAsync(string id)
    {
        using var response = await _http.PostAsync($"/outcome-deliveries/{id}/claim", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeliveryClaimResponse>(TestContext.Current.CancellationToken))!.Claim;
    }
}

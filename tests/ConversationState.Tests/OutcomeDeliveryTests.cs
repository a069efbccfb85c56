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
    public async Task A_holder_whose_claim_won_gets_it_again_and_nobody_else_does()
    {
        var id = NewId();

        Assert.Equal(DeliveryClaim.Claimed, (await ClaimAsync(id, holder: "gateway-a")).Claim);
        Assert.Equal(DeliveryClaim.Claimed, (await ClaimAsync(id, holder: "gateway-a")).Claim);
        Assert.Equal(DeliveryClaim.InProgress, (await ClaimAsync(id, holder: "gateway-b")).Claim);
        Assert.Equal(DeliveryClaim.InProgress, await ClaimAsync(id));
        (await _http.PostAsync($"/outcome-deliveries/{id}/complete", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.Equal(DeliveryClaim.AlreadySent, (await ClaimAsync(id, holder: "gateway-a")).Claim);
    }

    [Fact]
    public async Task A_lease_taken_without_a_holders_name_is_never_taken_back_and_a_named_one_renews_and_releases()
    {
        var (unnamed, named) = (NewId(), NewId());
        await ClaimAsync(unnamed);
        await ClaimAsync(named, holder: "gateway-a");

        Assert.Equal(DeliveryClaim.InProgress, await ClaimAsync(unnamed));
        Assert.Equal(DeliveryClaim.InProgress, (await ClaimAsync(unnamed, holder: "gateway-a")).Claim);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.PostAsync($"/outcome-deliveries/{named}/renew", null, TestContext.Current.CancellationToken)).StatusCode);
        (await _http.DeleteAsync($"/outcome-deliveries/{named}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.Equal(DeliveryClaim.Claimed, (await ClaimAsync(named, holder: "gateway-b")).Claim);
    }

    [Fact]
    public async Task A_claim_with_an_empty_holder_is_refused_with_the_reason()
    {
        using var response = await _http.PostAsJsonAsync($"/outcome-deliveries/{NewId()}/claim",
            new ClaimDeliveryRequest([], Holder: ""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("holder", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
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

    [Fact]
    public async Task A_welcomes_claim_gets_the_task_its_redemption_made_active_and_no_other_claim_does()
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        await RedeemAsync(conversation, "write my status update", "r1");
        var welcome = NewId();

        var claimed = await ClaimAsync(welcome, new TaskOfRedemption(conversation, "r1"));
        var held = await ClaimAsync(welcome, new TaskOfRedemption(conversation, "r1"));
        var othersClaim = await ClaimAsync(NewId(), new TaskOfRedemption(conversation, "r2"));

        Assert.Equal(DeliveryClaim.Claimed, claimed.Claim);
        Assert.Equal("write my status update", claimed.Task!.Context.RequestText);
        Assert.Equal((0, "Collect"), (claimed.Task.StepIndex, claimed.Task.CurrentStep));
        Assert.Equal((DeliveryClaim.InProgress, null), (held.Claim, held.Task));
        Assert.Equal((DeliveryClaim.Claimed, null), (othersClaim.Claim, othersClaim.Task));
    }

    [Fact]
    public async Task A_welcome_due_after_a_newer_handoff_or_forget_me_gets_no_task()
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        var user = $"aad-{Guid.NewGuid():N}";
        await RedeemAsync(conversation, "write my status update", "r1", user);
        await RedeemAsync(conversation, "plan the offsite", "r2", user);

        var replaced = await ClaimAsync(NewId(), new TaskOfRedemption(conversation, "r1"));
        var newer = await ClaimAsync(NewId(), new TaskOfRedemption(conversation, "r2"));
        (await _http.DeleteAsync($"/users/tenant-1/{user}?requestedBy=user", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var forgotten = await ClaimAsync(NewId(), new TaskOfRedemption(conversation, "r2"));

        Assert.Null(replaced.Task);
        Assert.Equal("plan the offsite", newer.Task!.Context.RequestText);
        Assert.Equal("write my status update", newer.Task.Previous!.Context.RequestText);
        Assert.Equal((DeliveryClaim.Claimed, null), (forgotten.Claim, forgotten.Task));
    }

    [Fact]
    public async Task An_already_continuing_notices_claim_gets_where_the_earlier_redemptions_task_stands_now()
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        await RedeemAsync(conversation, "write my status update", "r1");

        var active = await ClaimAsync(NewId(), earlierOf: new TaskOfRedemption(conversation, "r1"));
        await RedeemAsync(conversation, "plan the offsite", "r2");
        var kept = await ClaimAsync(NewId(), earlierOf: new TaskOfRedemption(conversation, "r1"));
        var elsewhere = await ClaimAsync(NewId(), earlierOf: new TaskOfRedemption($"a:{Guid.NewGuid():N}", "r1"));

        Assert.Equal(("write my status update", EarlierTaskStanding.Active), (active.Earlier!.Context.RequestText, active.Earlier.Standing));
        Assert.Equal(("write my status update", EarlierTaskStanding.Kept), (kept.Earlier!.Context.RequestText, kept.Earlier.Standing));
        Assert.Null(kept.Task);
        Assert.Equal((DeliveryClaim.Claimed, null), (elsewhere.Claim, elsewhere.Earlier));
    }

    [Fact]
    public async Task A_redemption_of_a_link_already_redeemed_names_the_earlier_redemption_for_the_notices_claim()
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        var token = await RedeemAsync(conversation, "write my status update", "r1");

        using var again = await _http.PostAsJsonAsync("/handoff-tokens/redeem",
            new RedeemTokenRequest(token, "aad-alice", "tenant-1", conversation, "r-again"), TestContext.Current.CancellationToken);
        var earlier = (await again.Content.ReadFromJsonAsync<RedeemTokenResponse>(TestContext.Current.CancellationToken))!.Earlier;

        Assert.Equal(("r1", EarlierTaskStanding.Active), (earlier!.RedemptionId, earlier.Standing));
    }

    [Fact]
    public async Task A_claim_naming_its_task_without_a_conversation_is_refused_with_the_reason()
    {
        using var response = await _http.PostAsJsonAsync($"/outcome-deliveries/{NewId()}/claim",
            new ClaimDeliveryRequest([], new TaskOfRedemption("", "r1")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("taskOf.conversationId", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static string NewId() => $"{Guid.NewGuid():N}-outcome";

    /// <summary>Mints the user's token for <paramref name="request"/> and redeems it in the conversation under <paramref name="redemptionId"/>.</summary>
    /// <returns>The token.</returns>
    private async Task<string> RedeemAsync(string conversation, string request, string redemptionId, string user = "aad-alice")
    {
        using var stored = await _http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft(user, request: request)]), TestContext.Current.CancellationToken);
        stored.EnsureSuccessStatusCode();
        var token = (await stored.Content.ReadFromJsonAsync<StoreContextsResponse>(TestContext.Current.CancellationToken))!.Tokens[0].Token;
        using var redeemed = await _http.PostAsJsonAsync("/handoff-tokens/redeem",
            new RedeemTokenRequest(token, user, "tenant-1", conversation, redemptionId), TestContext.Current.CancellationToken);
        redeemed.EnsureSuccessStatusCode();
        Assert.NotNull((await redeemed.Content.ReadFromJsonAsync<RedeemTokenResponse>(TestContext.Current.CancellationToken))!.Task);
        return token;
    }

    private async Task<DeliveryClaimResponse> ClaimAsync(string id, TaskOfRedemption? taskOf = null, TaskOfRedemption? earlierOf = null, string? holder = null)
    {
        using var response = await _http.PostAsJsonAsync($"/outcome-deliveries/{id}/claim", new ClaimDeliveryRequest([], taskOf, earlierOf, holder), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeliveryClaimResponse>(TestContext.Current.CancellationToken))!;
    }

    private async Task<DeliveryClaim> ClaimAsync(string id)
    {
        using var response = await _http.PostAsync($"/outcome-deliveries/{id}/claim", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeliveryClaimResponse>(TestContext.Current.CancellationToken))!.Claim;
    }
}

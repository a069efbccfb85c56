using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>Token redemption against a real Redis.</summary>
public sealed class HandoffContextStoreTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_stored_context_is_redeemed_by_its_owner_with_everything_it_carried()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);

        var outcome = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        Assert.Null(outcome.Rejection);
        Assert.Equal("write my status update", outcome.Context!.RequestText);
        Assert.Equal("continueInChat", outcome.Context.CommandId);
        Assert.Equal(StateTestData.Item.Title, outcome.Context.Item.Title);
        Assert.Equal(["Collect", "Draft", "Send"], outcome.Context.Item.Steps);
        Assert.Equal("en-US", outcome.Context.Locale);
        Assert.Equal(minted[0].ExpiresAt, outcome.Context.ExpiresAt);
    }

    [Fact]
    public async Task Each_card_gets_its_own_token()
    {
        var store = StateTestData.Contexts(_redis);

        var minted = await store.StoreAsync([StateTestData.Draft(), StateTestData.Draft(), StateTestData.Draft()]);

        Assert.Equal(3, minted.Select(token => token.Token).Distinct().Count());
    }

    [Fact]
    public async Task A_second_redemption_by_the_owner_is_already_used_and_names_the_earlier_redemption()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);
        var first = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        var second = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-2");

        Assert.Equal(HandoffRejectionReason.AlreadyUsed, second.Rejection);
        Assert.Null(second.Context);
        Assert.Equal(first.Context!.RequestText, second.EarlierContext!.RequestText);
        Assert.NotNull(second.EarlierRedeemedAt);
    }

    [Fact]
    public async Task Repeating_the_same_redemption_replays_its_context()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);
        var first = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        var replay = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        Assert.Equivalent(first.Context, replay.Context, strict: true);
    }

    [Fact]
    public async Task Someone_elses_token_is_refused_and_stays_redeemable_by_its_owner()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);

        var mallory = await store.RedeemAsync(minted[0].Token, "aad-mallory", "tenant-1", "redemption-m");
        var alice = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-a");

        Assert.Equal(HandoffRejectionReason.NotYours, mallory.Rejection);
        Assert.Null(mallory.Context);
        Assert.NotNull(alice.Context);
    }

    [Fact]
    public async Task The_same_object_id_in_another_tenant_is_someone_else()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);

        var outcome = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-2", "redemption-1");

        Assert.Equal(HandoffRejectionReason.NotYours, outcome.Rejection);
    }

    [Fact]
    public async Task Someone_else_replaying_a_redeemed_token_learns_nothing_of_it()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);
        await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        var mallory = await store.RedeemAsync(minted[0].Token, "aad-mallory", "tenant-1", "redemption-1");

        Assert.Equal(HandoffRejectionReason.NotYours, mallory.Rejection);
        Assert.Null(mallory.Context);
    }

    [Fact]
    public async Task A_token_past_its_lifetime_is_expired_and_cannot_be_redeemed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = StateTestData.Contexts(_redis, time, new StateOptions { TokenLifetime = TimeSpan.FromMinutes(10) });
        var minted = await store.StoreAsync([StateTestData.Draft()]);

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var outcome = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        Assert.Equal(HandoffRejectionReason.Expired, outcome.Rejection);
        Assert.Null(outcome.Context);
    }

    [Fact]
    public async Task A_token_just_inside_its_lifetime_still_redeems()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = StateTestData.Contexts(_redis, time, new StateOptions { TokenLifetime = TimeSpan.FromMinutes(10) });
        var minted = await store.StoreAsync([StateTestData.Draft()]);

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var outcome = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        Assert.NotNull(outcome.Context);
    }

    [Theory]
    [InlineData("never-minted-never-minted-never-minted-abcd")]
    [InlineData("not a token")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_token_is_unknown(string token)
    {
        var store = StateTestData.Contexts(_redis);

        var outcome = await store.RedeemAsync(token, "aad-alice", "tenant-1", "redemption-1");

        Assert.Equal(HandoffRejectionReason.Unknown, outcome.Rejection);
    }

    [Fact]
    public async Task Redis_holds_a_hash_of_the_token_never_the_token_itself()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);

        var keys = server.Keys(pattern: "handoff:*").Select(key => key.ToString()).ToList();
        var values = new List<string>();
        foreach (var key in keys.Where(key => key.EndsWith(":token", StringComparison.Ordinal)))
        {
            values.AddRange((await _redis.GetDatabase().HashGetAllAsync(key)).Select(entry => entry.Value.ToString()));
        }

        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, key => key.Contains(minted[0].Token, StringComparison.Ordinal));
        Assert.DoesNotContain(values, value => value.Contains(minted[0].Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hundred_concurrent_redemptions_by_the_owner_yield_exactly_one_context()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", $"redemption-{i}"))));

        Assert.Single(outcomes, outcome => outcome.Context is not null);
        Assert.Equal(99, outcomes.Count(outcome => outcome.Rejection == HandoffRejectionReason.AlreadyUsed));
    }

    [Fact]
    public async Task A_token_record_expires_in_redis_with_the_token_itself()
    {
        var options = new StateOptions { TokenLifetime = TimeSpan.FromMinutes(10), TokenMemory = TimeSpan.FromHours(1) };
        var store = StateTestData.Contexts(_redis, options: options);
        var minted = await store.StoreAsync([StateTestData.Draft()]);

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync($"handoff:{{{Tokens.ContinuationToken.Hash(minted[0].Token)}}}:token");

        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9.9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task A_user_cannot_hold_more_open_contexts_than_the_limit()
    {
        var store = StateTestData.Contexts(_redis, options: new StateOptions { MaxOpenContextsPerUser = 5 });
        var user = $"aad-{Guid.NewGuid()}";
        await store.StoreAsync(Enumerable.Range(0, 4).Select(_ => StateTestData.Draft(user: user)).ToList());

        var error = await Assert.ThrowsAsync<Quotas.UserLimitExceededException>(() =>
            store.StoreAsync([StateTestData.Draft(user: user), StateTestData.Draft(user: user)]));

        Assert.Contains("limit is 5", error.Message, StringComparison.Ordinal);
        Assert.Single(await store.StoreAsync([StateTestData.Draft(user: user)]));
        Assert.Single(await store.StoreAsync([StateTestData.Draft(user: $"aad-{Guid.NewGuid()}")]));
    }

    [Fact]
    public async Task Expired_contexts_no_longer_count_against_the_limit()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = StateTestData.Contexts(_redis, time, new StateOptions { MaxOpenContextsPerUser = 2 });
        var user = $"aad-{Guid.NewGuid()}";
        await store.StoreAsync([StateTestData.Draft(user: user), StateTestData.Draft(user: user)]);

        time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(2, (await store.StoreAsync([StateTestData.Draft(user: user), StateTestData.Draft(user: user)])).Count);
    }

    [Fact]
    public async Task Concurrent_mints_for_one_user_never_exceed_the_limit_together()
    {
        var store = StateTestData.Contexts(_redis, options: new StateOptions { MaxOpenContextsPerUser = 5 });
        var user = $"aad-{Guid.NewGuid()}";

        var mints = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return (await store.StoreAsync([StateTestData.Draft(user: user)])).Count;
            }
            catch (Quotas.UserLimitExceededException)
            {
                return 0;
            }
        }));

        Assert.Equal(5, mints.Sum());
    }

    [Fact]
    public async Task A_request_refused_for_one_of_its_users_stores_nothing_for_the_others()
    {
        var store = StateTestData.Contexts(_redis, options: new StateOptions { MaxOpenContextsPerUser = 2 });
        var (alice, bob) = ($"aad-{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        await store.StoreAsync([StateTestData.Draft(user: bob), StateTestData.Draft(user: bob)]);

        await Assert.ThrowsAsync<Quotas.UserLimitExceededException>(() =>
            store.StoreAsync([StateTestData.Draft(user: alice), StateTestData.Draft(user: alice), StateTestData.Draft(user: bob)]));

        Assert.Equal(2, (await store.StoreAsync([StateTestData.Draft(user: alice), StateTestData.Draft(user: alice)])).Count);
    }
}

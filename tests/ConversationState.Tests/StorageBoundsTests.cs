using Handoff.Contracts.State;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Quotas;
using Handoff.ConversationState.Storage;
using Handoff.ConversationState.Tokens;
using Handoff.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// What a handoff leaves in a real Redis once it is used or expired (a tombstone, never the context), and the caps
/// per user and per tenant counted from what is stored, expired entries included until they leave.
/// </summary>
public sealed class StorageBoundsTests(RedisFixture redisFixture, ITestOutputHelper output) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private IDatabase Database => _redis.GetDatabase();

    [Fact]
    public async Task A_redeemed_token_leaves_a_small_tombstone_without_its_context_and_the_context_only_for_the_replay_window()
    {
        var options = new StateOptions { TokenMemory = TimeSpan.FromHours(6), RedemptionReplayWindow = TimeSpan.FromMinutes(15) };
        var store = StateTestData.Contexts(_redis, options: options);
        var minted = await store.StoreAsync([StateTestData.Draft(request: new string('x', 4000))]);
        var hash = ContinuationToken.Hash(minted[0].Token);
        var fullSize = (long)await Database.ExecuteAsync("MEMORY", "USAGE", $"handoff:{{{hash}}}:token");

        await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");

        var tombstone = $"handoff:{{{hash}}}:redeemed";
        var fields = (await Database.HashGetAllAsync(tombstone)).Select(entry => entry.Name.ToString()).Order().ToList();
        var tombstoneSize = (long)await Database.ExecuteAsync("MEMORY", "USAGE", tombstone);
        output.WriteLine($"token record with a 4000-character request: {fullSize} bytes; tombstone: {tombstoneSize} bytes");
        Assert.Equal(["owner", "redeemedAt", "redemption"], fields);
        Assert.False(await Database.KeyExistsAsync($"handoff:{{{hash}}}:token"));
        Assert.InRange(tombstoneSize, 1, 300);
        Assert.InRange((await Database.KeyTimeToLiveAsync(tombstone))!.Value, TimeSpan.FromHours(5.9), TimeSpan.FromHours(6));
        Assert.InRange((await Database.KeyTimeToLiveAsync($"handoff:{{{hash}}}:replay"))!.Value, TimeSpan.FromMinutes(14.9), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task After_the_replay_window_the_owner_is_told_already_used_from_the_tombstone_alone()
    {
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft()]);
        var hash = ContinuationToken.Hash(minted[0].Token);
        await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");
        await Database.KeyExpireAsync($"handoff:{{{hash}}}:replay", TimeSpan.FromMilliseconds(1));
        await Task.Delay(50, TestContext.Current.CancellationToken);

        var retried = await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "redemption-1");
        var mallory = await store.RedeemAsync(minted[0].Token, "aad-mallory", "tenant-1", "redemption-2");

        Assert.Equal(HandoffRejectionReason.AlreadyUsed, retried.Rejection);
        Assert.Null(retried.EarlierContext);
        Assert.NotNull(retried.EarlierTokenHash);
        Assert.Equal(HandoffRejectionReason.NotYours, mallory.Rejection);
    }

    [Fact]
    public async Task An_expired_token_is_deleted_at_once_and_still_answered_expired_from_the_owners_index()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = StateTestData.Contexts(_redis, time);
        var user = $"aad-{Guid.NewGuid()}";
        var minted = await store.StoreAsync([StateTestData.Draft(user: user)]);
        var hash = ContinuationToken.Hash(minted[0].Token);

        time.Advance(TimeSpan.FromMinutes(11));
        var first = await store.RedeemAsync(minted[0].Token, user, "tenant-1", "redemption-1");
        var gone = await Database.KeyExistsAsync($"handoff:{{{hash}}}:token");
        var second = await store.RedeemAsync(minted[0].Token, user, "tenant-1", "redemption-2");
        var stranger = await store.RedeemAsync(minted[0].Token, "aad-mallory", "tenant-1", "redemption-3");

        Assert.Equal(HandoffRejectionReason.Expired, first.Rejection);
        Assert.False(gone);
        Assert.Equal(HandoffRejectionReason.Expired, second.Rejection);
        Assert.Equal(HandoffRejectionReason.Unknown, stranger.Rejection);
    }

    [Fact]
    public async Task A_token_record_redis_expired_by_itself_is_answered_expired()
    {
        var store = StateTestData.Contexts(_redis);
        var user = $"aad-{Guid.NewGuid()}";
        var minted = await store.StoreAsync([StateTestData.Draft(user: user)]);
        await Database.KeyExpireAsync($"handoff:{{{ContinuationToken.Hash(minted[0].Token)}}}:token", TimeSpan.FromMilliseconds(1));
        await Task.Delay(50, TestContext.Current.CancellationToken);

        var outcome = await store.RedeemAsync(minted[0].Token, user, "tenant-1", "redemption-1");

        Assert.Equal(HandoffRejectionReason.Expired, outcome.Rejection);
    }

    [Fact]
    public async Task A_users_expired_and_used_handoffs_count_towards_their_stored_cap_until_their_tombstones_leave()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new StateOptions { MaxStoredHandoffsPerUser = 3, TokenMemory = TimeSpan.FromHours(1) };
        var store = StateTestData.Contexts(_redis, time, options);
        var user = $"aad-{Guid.NewGuid()}";
        var minted = await store.StoreAsync([StateTestData.Draft(user: user), StateTestData.Draft(user: user), StateTestData.Draft(user: user)]);
        await store.RedeemAsync(minted[0].Token, user, "tenant-1", "redemption-1");
        time.Advance(TimeSpan.FromMinutes(11));

        var refused = await Assert.ThrowsAsync<UserLimitExceededException>(() => store.StoreAsync([StateTestData.Draft(user: user)]));
        time.Advance(TimeSpan.FromHours(1));

        Assert.Contains("3 handoffs stored", refused.Message, StringComparison.Ordinal);
        Assert.Single(await store.StoreAsync([StateTestData.Draft(user: user)]));
    }

    [Fact]
    public async Task A_tenant_cannot_hold_more_open_contexts_than_its_cap_across_its_users_until_they_expire()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = StateTestData.Contexts(_redis, time, new StateOptions { MaxOpenContextsPerTenant = 3 });
        var tenant = $"tenant-{Guid.NewGuid()}";
        await store.StoreAsync([StateTestData.Draft(user: "aad-a", tenant: tenant), StateTestData.Draft(user: "aad-b", tenant: tenant)]);

        var refused = await Assert.ThrowsAsync<TenantLimitExceededException>(() =>
            store.StoreAsync([StateTestData.Draft(user: "aad-c", tenant: tenant), StateTestData.Draft(user: "aad-c", tenant: tenant)]));
        var elsewhere = await store.StoreAsync([StateTestData.Draft(user: "aad-c", tenant: $"tenant-{Guid.NewGuid()}")]);
        var one = await store.StoreAsync([StateTestData.Draft(user: "aad-c", tenant: tenant)]);
        var full = await Assert.ThrowsAsync<TenantLimitExceededException>(() => store.StoreAsync([StateTestData.Draft(user: "aad-d", tenant: tenant)]));
        time.Advance(TimeSpan.FromMinutes(12));

        Assert.Contains("limit is 3", refused.Message, StringComparison.Ordinal);
        Assert.Single(elsewhere);
        Assert.Single(one);
        Assert.NotNull(full);
        Assert.Equal((3, 3), await HandoffQuota.TenantCountsAsync(Database, tenant));
        Assert.Equal(3, (await store.StoreAsync([StateTestData.Draft(user: "aad-d", tenant: tenant), StateTestData.Draft(user: "aad-e", tenant: tenant), StateTestData.Draft(user: "aad-f", tenant: tenant)])).Count);
        Assert.Equal((3, 6), await HandoffQuota.TenantCountsAsync(Database, tenant));
    }

    [Fact]
    public async Task A_request_refused_by_a_users_cap_takes_back_what_it_counted_for_the_tenant()
    {
        var store = StateTestData.Contexts(_redis, options: new StateOptions { MaxOpenContextsPerUser = 1 });
        var tenant = $"tenant-{Guid.NewGuid()}";

        await Assert.ThrowsAsync<UserLimitExceededException>(() =>
            store.StoreAsync([StateTestData.Draft(user: "aad-a", tenant: tenant), StateTestData.Draft(user: "aad-a", tenant: tenant)]));

        Assert.Equal((0, 0), await HandoffQuota.TenantCountsAsync(Database, tenant));
    }

    [Fact]
    public async Task A_full_history_of_the_longest_turns_and_replies_stays_within_its_bound()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        for (var i = 0; i < ConversationHistory.MaxMessages; i++)
        {
            await store.RecordTurnAsync(conversation, "aad-alice", "tenant-1", new string('t', 1_000));
            await store.RecordReplyAsync(conversation, "aad-alice", "tenant-1", new string('r', 10_000));
        }

        var key = RedisKeys.ConversationHistory(conversation, Owner.Of("aad-alice", "tenant-1"));
        var size = (long)await Database.ExecuteAsync("MEMORY", "USAGE", key);
        output.WriteLine($"history of {ConversationHistory.MaxMessages / 2} turns of {ConversationHistory.MaxTurnLength} and as many replies of {ConversationHistory.MaxReplyLength} ASCII characters: {size} bytes");
        Assert.Equal(ConversationHistory.MaxMessages, await Database.ListLengthAsync(key));
        // 20 sealed replies of about 5.5 KB and 20 sealed turns of about 0.8 KB (docs/decisions/0023-app-payload-and-history.md).
        Assert.InRange(size, 100_000, 140_000);
    }
}

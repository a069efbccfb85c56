using Handoff.Contracts.State;
using Handoff.ConversationState.Privacy;
using Handoff.ConversationState.Quotas;
using Handoff.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>"Forget me" against a real Redis.</summary>
public sealed class UserErasureTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Forgetting_a_user_erases_their_contexts_and_conversations_and_nobody_elses()
    {
        var contexts = StateTestData.Contexts(_redis);
        var conversations = StateTestData.Conversations(_redis);
        var erasure = new UserErasure(_redis, conversations, StateTestData.Quota(), new FakeTimeProvider(), NullLoggerFactory.Instance);
        var alice = $"aad-{Guid.NewGuid()}";
        var bob = $"aad-{Guid.NewGuid()}";
        var aliceTokens = await contexts.StoreAsync([StateTestData.Draft(user: alice), StateTestData.Draft(user: alice)]);
        var bobTokens = await contexts.StoreAsync([StateTestData.Draft(user: bob)]);
        var aliceChat = $"a:{Guid.NewGuid()}";
        var redeemed = await contexts.RedeemAsync(aliceTokens[0].Token, alice, "tenant-1", "r");
        await conversations.ActivateAsync(aliceChat, redeemed.Redeemed!);
        await erasure.TrackConversationAsync(alice, "tenant-1", aliceChat, TimeSpan.FromHours(1));

        var erased = await erasure.EraseAsync(alice, "tenant-1", "the user");

        Assert.True(erased >= 3, $"erased {erased}");
        Assert.Null((await conversations.GetAsync(aliceChat)).ActiveTask);
        Assert.Equal(HandoffRejectionReason.Unknown, (await contexts.RedeemAsync(aliceTokens[1].Token, alice, "tenant-1", "r2")).Rejection);
        Assert.Equal(HandoffRejectionReason.Unknown, (await contexts.RedeemAsync(aliceTokens[0].Token, alice, "tenant-1", "r")).Rejection);
        Assert.NotNull((await contexts.RedeemAsync(bobTokens[0].Token, bob, "tenant-1", "r3")).Context);
    }

    [Fact]
    public async Task Forgetting_a_user_erases_their_history_and_counts_each_record_once_and_leaves_others_histories()
    {
        var conversations = StateTestData.Conversations(_redis);
        var erasure = new UserErasure(_redis, conversations, StateTestData.Quota(), new FakeTimeProvider(), NullLoggerFactory.Instance);
        var (groupChat, alice, bob) = ($"19:{Guid.NewGuid()}@thread.v2", $"aad-{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        await conversations.RecordTurnAsync(groupChat, alice, "tenant-1", "remind me of the offsite");
        await conversations.RecordReplyAsync(groupChat, alice, "tenant-1", "I will.");
        await conversations.RecordTurnAsync(groupChat, bob, "tenant-1", "hello");
        await erasure.TrackConversationAsync(alice, "tenant-1", groupChat, TimeSpan.FromHours(1));

        var erased = await erasure.EraseAsync(alice, "tenant-1", "the user");

        // The conversation's record (its turn count) and Alice's history: two records, however many messages.
        Assert.Equal(2, erased);
        Assert.Empty(await conversations.HistoryAsync(groupChat, alice, "tenant-1"));
        Assert.Equal(["hello"], (await conversations.HistoryAsync(groupChat, bob, "tenant-1")).Select(message => message.Text));
        Assert.Equal(0, await erasure.EraseAsync(alice, "tenant-1", "the user"));
    }

    [Fact]
    public async Task Forgetting_a_user_takes_their_handoffs_out_of_their_tenants_counts_at_once_and_leaves_the_others()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new StateOptions { MaxOpenContextsPerTenant = 3 };
        var contexts = StateTestData.Contexts(_redis, time, options);
        var erasure = new UserErasure(_redis, StateTestData.Conversations(_redis, time), StateTestData.Quota(options), time, NullLoggerFactory.Instance);
        var (tenant, alice, bob) = ($"tenant-{Guid.NewGuid():N}", $"aad-{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        var aliceTokens = await contexts.StoreAsync([StateTestData.Draft(user: alice, tenant: tenant), StateTestData.Draft(user: alice, tenant: tenant)]);
        await contexts.StoreAsync([StateTestData.Draft(user: bob, tenant: tenant)]);
        await contexts.RedeemAsync(aliceTokens[0].Token, alice, tenant, "r");
        await Assert.ThrowsAsync<TenantLimitExceededException>(() => contexts.StoreAsync([StateTestData.Draft(user: bob, tenant: tenant)]));

        await erasure.EraseAsync(alice, tenant, "the user");
        var afterErasure = await HandoffQuota.TenantCountsAsync(_redis.GetDatabase(), tenant);
        await erasure.EraseAsync(alice, tenant, "the user");

        Assert.Equal((1, 1), afterErasure);
        // Erasing again finds nothing more to take out.
        Assert.Equal((1, 1), await HandoffQuota.TenantCountsAsync(_redis.GetDatabase(), tenant));
        // Before, the tenant stayed full until Alice's tokens expired (ten minutes) and her tombstones left (a day).
        await contexts.StoreAsync([StateTestData.Draft(user: bob, tenant: tenant), StateTestData.Draft(user: bob, tenant: tenant)]);
        Assert.Equal((3, 3), await HandoffQuota.TenantCountsAsync(_redis.GetDatabase(), tenant));
    }

    [Fact]
    public void The_audit_pseudonym_is_stable_and_does_not_contain_the_user()
    {
        var pseudonym = UserErasure.Pseudonym("tenant-1/aad-alice");

        Assert.Equal(pseudonym, UserErasure.Pseudonym("tenant-1/aad-alice"));
        Assert.NotEqual(pseudonym, UserErasure.Pseudonym("tenant-1/aad-bob"));
        Assert.DoesNotContain("alice", pseudonym, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgetting_a_user_also_erases_expired_links_that_are_still_remembered()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var contexts = StateTestData.Contexts(_redis, time);
        var erasure = new UserErasure(_redis, StateTestData.Conversations(_redis, time), StateTestData.Quota(), time, NullLoggerFactory.Instance);
        var user = $"aad-{Guid.NewGuid()}";
        var old = await contexts.StoreAsync([StateTestData.Draft(user: user)]);
        time.Advance(TimeSpan.FromMinutes(30));
        await contexts.StoreAsync([StateTestData.Draft(user: user)]);

        await erasure.EraseAsync(user, "tenant-1", "the user");

        Assert.Equal(HandoffRejectionReason.Unknown, (await contexts.RedeemAsync(old[0].Token, user, "tenant-1", "r")).Rejection);
    }
}

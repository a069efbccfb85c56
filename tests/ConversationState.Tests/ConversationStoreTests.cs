using Handoff.ConversationState.Contexts;
using Handoff.ConversationState.Conversations;
using Handoff.TestSupport;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>Conversation state against a real Redis.</summary>
public sealed class ConversationStoreTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task An_idle_conversation_has_no_active_task()
    {
        var store = StateTestData.Conversations(_redis);

        Assert.Null((await store.GetAsync($"a:{Guid.NewGuid()}")).ActiveTask);
    }

    [Fact]
    public async Task An_activated_context_is_the_conversations_active_task_at_its_first_step()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        var context = await RedeemedContextAsync();

        await store.ActivateAsync(conversation, context);
        var task = (await store.GetAsync(conversation)).ActiveTask;

        Assert.Equivalent(context.Context, task!.Context, strict: true);
        Assert.Equal(0, task.StepIndex);
        Assert.Equal("Collect", task.CurrentStep);
    }

    [Fact]
    public async Task A_new_handoff_becomes_active_and_keeps_the_old_task_as_the_previous_one()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        await store.ActivateAsync(conversation, await RedeemedContextAsync("first"));
        await store.AdvanceAsync(conversation, 0);

        var task = await store.ActivateAsync(conversation, await RedeemedContextAsync("second"));

        Assert.Equal("second", task.Context.RequestText);
        Assert.Equal(0, task.StepIndex);
        Assert.Equal("first", task.Previous!.Context.RequestText);
        Assert.Equal(1, task.Previous.StepIndex);
    }

    [Fact]
    public async Task Replaying_the_same_activation_does_not_make_the_task_its_own_previous()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        var context = await RedeemedContextAsync();
        await store.ActivateAsync(conversation, context);
        await store.AdvanceAsync(conversation, 0);

        var replayed = await store.ActivateAsync(conversation, context);

        Assert.Null(replayed.Previous);
        Assert.Equal(1, replayed.StepIndex);
    }

    [Fact]
    public async Task Switching_swaps_the_active_and_the_previous_task_with_their_steps()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        await store.ActivateAsync(conversation, await RedeemedContextAsync("first"));
        await store.AdvanceAsync(conversation, 0);
        await store.ActivateAsync(conversation, await RedeemedContextAsync("second"));

        Assert.True(await store.SwitchToPreviousAsync(conversation));
        var task = (await store.GetAsync(conversation)).ActiveTask!;

        Assert.Equal("first", task.Context.RequestText);
        Assert.Equal(1, task.StepIndex);
        Assert.Equal("second", task.Previous!.Context.RequestText);
        Assert.False(await store.SwitchToPreviousAsync($"a:{Guid.NewGuid()}"));
    }

    [Fact]
    public async Task Fifty_turns_recorded_at_once_are_all_counted_and_the_last_forty_kept()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        await store.ActivateAsync(conversation, await RedeemedContextAsync());

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => store.RecordTurnAsync(conversation, "aad-alice", "tenant-1", $"turn {i}"))));
        var snapshot = await store.GetAsync(conversation);

        Assert.Equal(50, snapshot.TurnCount);
        Assert.Equal(ConversationHistory.MaxMessages, (await store.HistoryAsync(conversation, "aad-alice", "tenant-1")).Count);
        Assert.NotNull(snapshot.ActiveTask);
    }

    [Fact]
    public async Task Turns_racing_with_next_lose_neither_the_turns_nor_the_step()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        await store.ActivateAsync(conversation, await RedeemedContextAsync());

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await store.RecordTurnAsync(conversation, "aad-alice", "tenant-1", "next");
            await store.AdvanceAsync(conversation, i % 3);
        })));
        var snapshot = await store.GetAsync(conversation);

        Assert.Equal(40, snapshot.TurnCount);
        Assert.InRange(snapshot.ActiveTask!.StepIndex, 1, 3);
    }

    [Fact]
    public async Task Twenty_turns_racing_to_advance_the_same_step_move_it_once()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        await store.ActivateAsync(conversation, await RedeemedContextAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.AdvanceAsync(conversation, 0))));

        Assert.Single(results, result => result == AdvanceResult.Advanced);
        Assert.Equal(1, (await store.GetAsync(conversation)).ActiveTask!.StepIndex);
    }

    [Fact]
    public async Task Advancing_a_conversation_without_a_task_says_so()
    {
        var store = StateTestData.Conversations(_redis);

        Assert.Equal(AdvanceResult.NoActiveTask, await store.AdvanceAsync($"a:{Guid.NewGuid()}", 0));
    }

    [Fact]
    public async Task Reading_a_conversation_slides_its_lifetime()
    {
        var store = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        await store.ActivateAsync(conversation, await RedeemedContextAsync());
        var key = $"handoff:conversation:{{{conversation}}}";
        await _redis.GetDatabase().KeyExpireAsync(key, TimeSpan.FromMinutes(5));

        await store.GetAsync(conversation);

        Assert.InRange((await _redis.GetDatabase().KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
    }

    private async Task<RedeemedContext> RedeemedContextAsync(string request = "write my status update")
    {
        var contexts = StateTestData.Contexts(_redis);
        var minted = await contexts.StoreAsync([StateTestData.Draft(request: request)]);
        return (await contexts.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "r")).Redeemed!;
    }
}

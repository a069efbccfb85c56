using Handoff.Contracts.State;
using Handoff.ConversationState.Conversations;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Storage;
using Handoff.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>Each user's messages with the bot in a conversation, both sides, against a real Redis.</summary>
public sealed class ConversationHistoryTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private const string Tenant = "tenant-1";

    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task The_second_turn_answers_the_first_turn_and_the_reply_oldest_first_with_their_times()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var store = StateTestData.Conversations(_redis, time);
        var (conversation, alice) = ($"a:{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");

        var first = await store.RecordTurnAsync(conversation, alice, Tenant, "what is step 2?");
        time.Advance(TimeSpan.FromSeconds(3));
        await store.RecordReplyAsync(conversation, alice, Tenant, "Step 2 is Draft.");
        time.Advance(TimeSpan.FromSeconds(30));
        var second = await store.RecordTurnAsync(conversation, alice, Tenant, "thanks");

        Assert.Empty(first.History!);
        Assert.Equal(
        [
            new ConversationMessage(ConversationRoles.User, "what is step 2?", new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)),
            new ConversationMessage(ConversationRoles.Assistant, "Step 2 is Draft.", new DateTimeOffset(2026, 12, 2, 9, 0, 3, TimeSpan.Zero)),
        ], second.History!);
        Assert.Equal(2, second.TurnCount);
        Assert.Equal(3, (await store.HistoryAsync(conversation, alice, Tenant)).Count);
    }

    [Fact]
    public async Task Only_the_last_forty_messages_are_kept_and_returned()
    {
        var store = StateTestData.Conversations(_redis);
        var (conversation, alice) = ($"a:{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        for (var i = 0; i < 30; i++)
        {
            await store.RecordTurnAsync(conversation, alice, Tenant, $"turn {i}");
            await store.RecordReplyAsync(conversation, alice, Tenant, $"reply {i}");
        }

        var snapshot = await store.RecordTurnAsync(conversation, alice, Tenant, "turn 30");

        Assert.Equal(40, ConversationHistory.MaxMessages);
        Assert.Equal(ConversationHistory.MaxMessages, snapshot.History!.Count);
        Assert.Equal("turn 10", snapshot.History[0].Text);
        Assert.Equal("reply 29", snapshot.History[^1].Text);
        Assert.Equal(ConversationHistory.MaxMessages, await _redis.GetDatabase().ListLengthAsync(RedisKeys.ConversationHistory(conversation, Owner.Of(alice, Tenant))));
    }

    [Fact]
    public async Task A_long_reply_keeps_its_first_4000_characters_and_a_long_turn_its_first_500()
    {
        var store = StateTestData.Conversations(_redis);
        var (conversation, alice) = ($"a:{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        var reply = string.Concat(Enumerable.Range(0, 1_000).Select(i => $"{i:D4} "));

        await store.RecordTurnAsync(conversation, alice, Tenant, new string('t', 600));
        await store.RecordReplyAsync(conversation, alice, Tenant, reply);
        // A cut through a surrogate pair would leave half an emoji: the pair is dropped whole.
        await store.RecordReplyAsync(conversation, alice, Tenant, new string('e', 3_999) + "😀 and more");
        var history = await store.HistoryAsync(conversation, alice, Tenant);

        Assert.Equal(new string('t', ConversationHistory.MaxTurnLength), history[0].Text);
        Assert.Equal(reply[..ConversationHistory.MaxReplyLength], history[1].Text);
        Assert.Equal(4_000, ConversationHistory.MaxReplyLength);
        Assert.Equal(new string('e', 3_999), history[2].Text);
    }

    [Fact]
    public async Task Another_user_of_the_same_conversation_neither_sees_nor_adds_to_someones_history()
    {
        var store = StateTestData.Conversations(_redis);
        var (groupChat, alice, bob) = ($"19:{Guid.NewGuid()}@thread.v2", $"aad-{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        await store.RecordTurnAsync(groupChat, alice, Tenant, "my salary review is on Friday");
        await store.RecordReplyAsync(groupChat, alice, Tenant, "I'll remind you on Thursday.");

        var bobs = await store.RecordTurnAsync(groupChat, bob, Tenant, "what did she say?");
        await store.RecordReplyAsync(groupChat, bob, Tenant, "Nothing you can see.");
        var sameIdOtherTenant = await store.RecordTurnAsync(groupChat, alice, "tenant-2", "and me?");
        var alices = await store.RecordTurnAsync(groupChat, alice, Tenant, "thanks");

        Assert.Empty(bobs.History!);
        Assert.Empty(sameIdOtherTenant.History!);
        Assert.Equal(["my salary review is on Friday", "I'll remind you on Thursday."], alices.History!.Select(message => message.Text));
        Assert.Equal(["what did she say?", "Nothing you can see."], (await store.HistoryAsync(groupChat, bob, Tenant)).Select(message => message.Text));
    }

    [Fact]
    public async Task Records_copied_into_another_users_history_do_not_open_there()
    {
        var store = StateTestData.Conversations(_redis);
        var (conversation, alice, mallory) = ($"a:{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        await store.RecordTurnAsync(conversation, alice, Tenant, "my password hint is the cat's name");
        var database = _redis.GetDatabase();
        var alicesKey = RedisKeys.ConversationHistory(conversation, Owner.Of(alice, Tenant));

        await database.ListRightPushAsync(RedisKeys.ConversationHistory(conversation, Owner.Of(mallory, Tenant)), await database.ListRangeAsync(alicesKey));
        await database.ListRightPushAsync(RedisKeys.ConversationHistory($"a:{Guid.NewGuid()}", Owner.Of(alice, Tenant)), await database.ListRangeAsync(alicesKey));

        Assert.Empty(await store.HistoryAsync(conversation, mallory, Tenant));
        Assert.Single(await store.HistoryAsync(conversation, alice, Tenant));
    }

    [Fact]
    public async Task Turns_recorded_before_the_history_read_as_the_turns_of_the_task_owner_only()
    {
        var store = StateTestData.Conversations(_redis);
        var contexts = StateTestData.Contexts(_redis);
        var (conversation, alice, bob) = ($"a:{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}", $"aad-{Guid.NewGuid()}");
        var minted = await contexts.StoreAsync([StateTestData.Draft(user: alice)]);
        await store.ActivateAsync(conversation, (await contexts.RedeemAsync(minted[0].Token, alice, Tenant, "r")).Redeemed!);
        // As the store wrote turns until the history kept both sides: plain text, sealed to the conversation alone.
        var protector = StateTestData.Protector();
        await _redis.GetDatabase().ListRightPushAsync(RedisKeys.ConversationTurns(conversation),
            [protector.Protect("an old turn", SealBinding.Conversation(conversation)), protector.Protect("another old turn", SealBinding.Conversation(conversation))]);

        await store.RecordTurnAsync(conversation, alice, Tenant, "a new turn");
        await store.RecordReplyAsync(conversation, alice, Tenant, "a reply");
        var alices = await store.RecordTurnAsync(conversation, alice, Tenant, "and now?");
        var bobs = await store.RecordTurnAsync(conversation, bob, Tenant, "and me?");

        Assert.Equal(
        [
            (ConversationRoles.User, "an old turn"), (ConversationRoles.User, "another old turn"),
            (ConversationRoles.User, "a new turn"), (ConversationRoles.Assistant, "a reply"),
        ], alices.History!.Select(message => (message.Role, message.Text)));
        Assert.Equal(ConversationHistory.UnknownTime, alices.History![0].At);
        Assert.Empty(bobs.History!);
    }
}

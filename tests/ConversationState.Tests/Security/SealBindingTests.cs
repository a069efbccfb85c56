using System.Security.Cryptography;
using Handoff.Contracts.State;
using Handoff.ConversationState.Encryption;
using Handoff.ConversationState.Storage;
using Handoff.ConversationState.Tokens;
using Handoff.TestSupport;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests.Security;

/// <summary>
/// AES-GCM's associated data is the token's hash and owner (or the conversation): a ciphertext moved in Redis to
/// another token, owner or conversation does not open there.
/// </summary>
public sealed class SealBindingTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public void A_record_opens_only_under_the_binding_it_was_sealed_with()
    {
        var protector = StateTestData.Protector();
        var hash = ContinuationToken.Hash(ContinuationToken.Mint());
        var record = protector.Protect("the quarterly numbers", SealBinding.HandoffContext(hash, Owner.Of("aad-alice", "tenant-1")));

        Assert.Equal("the quarterly numbers", protector.Unprotect(record, SealBinding.HandoffContext(hash, Owner.Of("aad-alice", "tenant-1"))));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(record, SealBinding.HandoffContext(hash, Owner.Of("aad-bob", "tenant-1"))));
        Assert.ThrowsAny<CryptographicException>(() =>
            protector.Unprotect(record, SealBinding.HandoffContext(ContinuationToken.Hash(ContinuationToken.Mint()), Owner.Of("aad-alice", "tenant-1"))));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(record, SealBinding.Conversation(hash)));
    }

    [Fact]
    public void Bindings_whose_parts_join_to_the_same_text_differ() =>
        Assert.NotEqual(SealBinding.HandoffContext("ab", "c").AssociatedData, SealBinding.HandoffContext("a", "bc").AssociatedData);

    [Theory]
    [InlineData("aad-alice")]
    [InlineData("aad-bob")]
    public async Task A_context_copied_onto_another_token_does_not_open_there_for_its_owner_or_anyone(string decoyOwner)
    {
        var store = StateTestData.Contexts(_redis);
        var secret = await store.StoreAsync([StateTestData.Draft(request: "alice's secret task")]);
        var decoy = await store.StoreAsync([StateTestData.Draft(user: decoyOwner, request: "a harmless task")]);
        await CopyContextAsync(from: secret[0].Token, to: decoy[0].Token);

        var redeemed = await store.RedeemAsync(decoy[0].Token, decoyOwner, "tenant-1", "r-1");

        Assert.Null(redeemed.Context);
        Assert.Equal(HandoffRejectionReason.Unknown, redeemed.Rejection);
    }

    [Fact]
    public async Task A_task_copied_into_another_conversation_does_not_show_there()
    {
        var conversations = StateTestData.Conversations(_redis);
        var store = StateTestData.Contexts(_redis);
        var minted = await store.StoreAsync([StateTestData.Draft(request: "the secret task")]);
        var (mine, theirs) = ($"a:{Guid.NewGuid()}", $"a:{Guid.NewGuid()}");
        await conversations.ActivateAsync(mine, (await store.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "r")).Redeemed!);
        var database = _redis.GetDatabase();
        await database.HashSetAsync(RedisKeys.Conversation(theirs),
            [.. await database.HashGetAllAsync(RedisKeys.Conversation(mine))]);

        Assert.Equal("the secret task", (await conversations.GetAsync(mine)).ActiveTask!.Context.RequestText);
        Assert.Null((await conversations.GetAsync(theirs)).ActiveTask);
    }

    private async Task CopyContextAsync(string from, string to)
    {
        var database = _redis.GetDatabase();
        var sealedContext = await database.HashGetAsync(RedisKeys.Token(ContinuationToken.Hash(from)), "context");
        Assert.False(sealedContext.IsNull);
        await database.HashSetAsync(RedisKeys.Token(ContinuationToken.Hash(to)), "context", sealedContext);
    }
}

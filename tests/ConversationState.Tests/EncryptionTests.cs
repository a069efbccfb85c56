using System.Security.Cryptography;
using Handoff.Contracts.State;
using Handoff.ConversationState.Encryption;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>Contexts and turns are sealed with AES-256-GCM before they reach Redis.</summary>
public sealed class EncryptionTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private static readonly SealBinding Conversation = SealBinding.Conversation("a:1");
    private ConnectionMultiplexer _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(redisFixture.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public void A_sealed_record_names_its_key_hides_its_text_and_opens_again()
    {
        var protector = StateTestData.Protector();

        var sealedOnce = protector.Protect("the quarterly numbers", Conversation);
        var sealedTwice = protector.Protect("the quarterly numbers", Conversation);

        Assert.StartsWith("v2.k1.", sealedOnce, StringComparison.Ordinal);
        Assert.DoesNotContain("quarterly", sealedOnce, StringComparison.Ordinal);
        Assert.NotEqual(sealedOnce, sealedTwice);
        Assert.Equal("the quarterly numbers", protector.Unprotect(sealedOnce, Conversation));
    }

    [Fact]
    public void A_tampered_record_does_not_open()
    {
        var protector = StateTestData.Protector();
        var record = protector.Protect("the quarterly numbers", Conversation);
        var bytes = Convert.FromBase64String(record.Split('.')[2]);
        bytes[20] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect($"v2.k1.{Convert.ToBase64String(bytes)}", Conversation));
    }

    [Fact]
    public async Task Redis_holds_no_request_text_turn_or_reply_in_clear()
    {
        const string secret = "acquisition of Northwind by Fabrikam";
        var contexts = StateTestData.Contexts(_redis);
        var conversations = StateTestData.Conversations(_redis);
        var conversation = $"a:{Guid.NewGuid()}";
        var minted = await contexts.StoreAsync([StateTestData.Draft(request: secret), StateTestData.Draft(request: secret)]);
        var redeemed = await contexts.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "r");
        await conversations.ActivateAsync(conversation, redeemed.Redeemed!);
        await conversations.RecordTurnAsync(conversation, "aad-alice", "tenant-1", $"tell me about the {secret}");
        await conversations.RecordReplyAsync(conversation, "aad-alice", "tenant-1", $"Here is what I know of the {secret}.");

        var values = await AllValuesAsync();

        Assert.Equal(secret, (await conversations.GetAsync(conversation)).ActiveTask!.Context.RequestText);
        Assert.Equal([$"tell me about the {secret}", $"Here is what I know of the {secret}."],
            (await conversations.HistoryAsync(conversation, "aad-alice", "tenant-1")).Select(message => message.Text));
        Assert.DoesNotContain(values, value => value.Contains("Northwind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotating_the_active_key_keeps_live_contexts_readable()
    {
        var k2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var before = StateTestData.Contexts(_redis);
        var minted = await before.StoreAsync([StateTestData.Draft()]);
        var after = StateTestData.Contexts(_redis, protector: StateTestData.Protector(new() { ["k1"] = StateTestData.Keys["k1"], ["k2"] = k2 }, "k2"));

        var redeemed = await after.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "r");

        Assert.NotNull(redeemed.Context);
        Assert.StartsWith("v2.k2.", StateTestData.Protector(new() { ["k2"] = k2 }, "k2").Protect("x", Conversation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_sealed_with_a_key_that_left_the_ring_is_gone_not_an_error()
    {
        var minted = await StateTestData.Contexts(_redis).StoreAsync([StateTestData.Draft()]);
        var withoutK1 = StateTestData.Contexts(_redis, protector: StateTestData.Protector(new() { ["k9"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, "k9"));

        var redeemed = await withoutK1.RedeemAsync(minted[0].Token, "aad-alice", "tenant-1", "r");

        Assert.Equal(HandoffRejectionReason.Unknown, redeemed.Rejection);
    }

    [Theory]
    [InlineData(null, null, "State:Encryption:Keys is empty")]
    [InlineData("not base64!", "k1", "is not base64")]
    [InlineData("AAAA", "k1", "needs 256")]
    [InlineData("VALID", "k2", "ActiveKeyId must name one of")]
    public void Outside_development_a_missing_or_bad_key_ring_is_refused_naming_the_key(string? key, string? active, string reason)
    {
        var options = new EncryptionOptions { ActiveKeyId = active };
        if (key is not null)
        {
            options.Keys["k1"] = key == "VALID" ? StateTestData.Keys["k1"] : key;
        }

        var result = new EncryptionOptionsValidator(new HostingEnvironment { EnvironmentName = "Production" }).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_does_not_start_in_production_without_a_key_ring()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("ConnectionStrings:redis", redisFixture.ConnectionString);
            web.WithCallerKeys();
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("State:Encryption:Keys", error.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> AllValuesAsync()
    {
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        var database = _redis.GetDatabase();
        var values = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            switch (await database.KeyTypeAsync(key))
            {
                case RedisType.Hash:
                    values.AddRange((await database.HashGetAllAsync(key)).Select(entry => entry.Value.ToString()));
                    break;
                case RedisType.List:
                    values.AddRange((await database.ListRangeAsync(key)).Select(value => value.ToString()));
                    break;
                case RedisType.String:
                    values.Add((await database.StringGetAsync(key)).ToString());
                    break;
            }
        }

        return values;
    }
}

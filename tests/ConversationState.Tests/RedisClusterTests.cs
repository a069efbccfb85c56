using System.Diagnostics;
using Handoff.Contracts.State;
using Handoff.ConversationState.Conversations;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// ConversationState on a real Redis Cluster of three masters: every script and transaction keeps its keys in one
/// slot (a CROSSSLOT error, or StackExchange.Redis refusing a multi-slot script, would fail these tests), and
/// the answers are the same as on one Redis.
/// </summary>
public sealed class RedisClusterTests(RedisFixture oneRedis, RedisClusterFixture cluster, ITestOutputHelper output) : IClassFixture<RedisClusterFixture>
{
    [Theory]
    [InlineData("single", "")]
    [InlineData("cluster", "")]
    [InlineData("single", "}")]
    [InlineData("cluster", "}")]
    public async Task Every_operation_answers_the_same_on_a_cluster_as_on_one_Redis(string topology, string idPrefix)
    {
        await using var factory = StateService.On(topology == "cluster" ? cluster.ConnectionString : oneRedis.ConnectionString);
        using var http = factory.GatewayClient();
        var clock = Stopwatch.StartNew();

        var transcript = await new StateApiScenario(http, idPrefix, factory.Services.GetRequiredService<ConversationStore>().GetAsync).RunAsync();

        output.WriteLine($"{topology}, ids starting with '{idPrefix}': {transcript.Count} answers in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(StateApiScenario.Expected, transcript);
    }

    [Fact]
    public async Task Racing_redemptions_on_a_cluster_redeem_each_token_once_whichever_master_holds_it()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
        var store = StateTestData.Contexts(redis);
        var user = $"aad-{Guid.NewGuid():N}";
        var minted = new List<MintedToken>();
        for (var i = 0; i < 4; i++)
        {
            minted.AddRange(await store.StoreAsync(Enumerable.Range(0, 10).Select(_ => StateTestData.Draft(user)).ToList()));
        }

        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(minted.SelectMany(token => Enumerable.Range(0, 6).Select(async racer =>
            (token.Token, Result: await store.RedeemAsync(token.Token, user, "tenant-1", $"racer-{racer}")))));
        var mastersHolding = await Task.WhenAll(redis.GetServers().Where(server => !server.IsReplica)
            .Select(server => server.DatabaseSizeAsync()));

        output.WriteLine($"{outcomes.Length} racing redemptions of {minted.Count} tokens in {clock.ElapsedMilliseconds} ms; keys per master: {string.Join(", ", mastersHolding)}");
        Assert.All(outcomes.GroupBy(outcome => outcome.Token), racers =>
        {
            Assert.Single(racers, racer => racer.Result.Context is not null);
            Assert.All(racers.Where(racer => racer.Result.Context is null), racer => Assert.Equal(HandoffRejectionReason.AlreadyUsed, racer.Result.Rejection));
        });
        Assert.Equal(3, mastersHolding.Length);
        Assert.All(mastersHolding, keys => Assert.True(keys > 0, "Every master should hold some tokens, or the cluster was not really used."));
    }
}

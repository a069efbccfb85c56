using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Handoff.Contracts.State;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// ConversationState through Sentinel while its primary is killed (SIGKILL): a primary, two replicas and three
/// sentinels on loopback, the real API minting and redeeming throughout. Writes fail (as 503s to retry) until
/// the sentinels promote a replica, then succeed; no token redeemed before or during the failover can be
/// redeemed again, and no conversation an acknowledged redeem activated loses its task (the welcome reads it back),
/// because every acknowledged redeem and activation waited for a replica (State:ReplicaAcks, 1 with Sentinel).
/// </summary>
public sealed class RedisFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 2;
    private static readonly TimeSpan SteadyAfterFailover = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly string _directory = TestDirectories.Create("redis-failover");
    private RedisReplicaSet? _redis;

    public async ValueTask InitializeAsync() =>
        _redis = await RedisReplicaSet.StartAsync(_directory, RedisReplicaSetLayout.Allocate("handoff", LoopbackPorts.Free(), replicas: 2),
            _ => { }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        TestDirectories.Delete(_directory);
    }

    [Fact]
    public async Task Minting_and_redeeming_resume_after_the_primary_is_killed_and_no_token_is_redeemed_twice()
    {
        var redis = _redis!;
        // Short timeouts so that an operation stuck on the dead primary fails in a second rather than five.
        await using var factory = StateService.On($"{redis.ConnectionString},connectTimeout=2000,syncTimeout=1000,asyncTimeout=1000");
        using var http = factory.GatewayClient();
        var health = await factory.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(Cancel);
        Assert.True(health.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            string.Join("; ", health.Entries.Select(entry => $"{entry.Key}: {entry.Value.Status} {entry.Value.Description} {entry.Value.Exception?.Message}")));
        Assert.Equal(1, factory.Services.GetRequiredService<IOptions<StateOptions>>().Value.ReplicaAcks);
        var redeemedBefore = await MintAsync(http);
        Assert.Equal(RedemptionResult.Redeemed, await RedeemAsync(http, redeemedBefore, $"a:{Guid.NewGuid()}", "before"));
        var mintedBefore = await MintAsync(http);

        var oldPrimary = await redis.PrimaryPortAsync(Cancel);
        var clock = Stopwatch.StartNew();
        var operations = new OperationLog<Redeemed>(clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(() => MintAndRedeemUntilStoppedAsync(http, operations, worker, stop.Token), Cancel)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        var killedAt = clock.Elapsed;
        redis.NodeOn(oldPrimary).Process.Kill();
        bool steady;
        while (!(steady = operations.SucceededSteadilySince(killedAt, SteadyAfterFailover)) && clock.Elapsed - killedAt < GiveUpAfter)
        {
            await Task.Delay(100, Cancel);
        }

        // The verdict is taken here: an operation still in flight may yet fail (a busy machine's one-second stall is a
        // timeout with these settings), and it is asserted below to be a 503 like the rest, and shown in the report.
        var steadyAt = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        var newPrimary = await redis.PrimaryPortAsync(Cancel);
        var report = operations.Report(killedAt, oldPrimary, newPrimary, steady ? steadyAt : null);
        output.WriteLine(report);
        await TestReports.WriteAsync("redis-failover-report.txt", report);

        Assert.True(steady, $"Operations did not succeed steadily within {GiveUpAfter.TotalSeconds:F0} s of the kill.\n{report}");
        Assert.NotEqual(oldPrimary, newPrimary);
        Assert.All(operations.Failures, failure => Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.Status));
        Assert.Equal(RedemptionResult.AlreadyUsed, await RedeemAsync(http, redeemedBefore, $"a:{Guid.NewGuid()}", "after"));
        Assert.Equal(RedemptionResult.Redeemed, await RedeemAsync(http, mintedBefore, $"a:{Guid.NewGuid()}", "after"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", Cancel)).StatusCode);
        await Parallel.ForEachAsync(operations.Successes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancel },
            async (redeemed, _) => Assert.Equal(RedemptionResult.AlreadyUsed, await RedeemAsync(http, redeemed.Minted, $"a:{Guid.NewGuid()}", "again")));
        var conversations = factory.Services.GetRequiredService<Conversations.ConversationStore>();
        var taskless = new List<string>();
        foreach (var redeemed in operations.Successes)
        {
            if ((await conversations.GetAsync(redeemed.Conversation)).ActiveTask is null)
            {
                taskless.Add(redeemed.Conversation);
            }
        }

        Assert.True(taskless.Count == 0, $"{taskless.Count} of {operations.Successes.Count()} conversations an acknowledged redeem activated have no task, e.g. {string.Join(", ", taskless.Take(3))}\n{report}");
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task MintAndRedeemUntilStoppedAsync(HttpClient http, OperationLog<Redeemed> operations, int worker, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = operations.Now;
            try
            {
                var token = await MintAsync(http);
                var conversation = $"a:{Guid.NewGuid()}";
                var result = await RedeemAsync(http, token, conversation, $"worker-{worker}");
                Assert.Equal(RedemptionResult.Redeemed, result);
                operations.Succeeded(started, new Redeemed(token, conversation));
            }
            catch (UnavailableException unavailable)
            {
                operations.Failed(started, unavailable.Status);
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>A token for a user of its own, so the per-user limit of open handoffs never interferes.</summary>
    private static async Task<Minted> MintAsync(HttpClient http)
    {
        var user = $"aad-{Guid.NewGuid():N}";
        var response = await http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft(user)]), CancellationToken.None);
        await UnavailableException.ThrowIfFailedAsync(response);
        return new Minted((await response.Content.ReadFromJsonAsync<StoreContextsResponse>(CancellationToken.None))!.Tokens[0].Token, user);
    }

    private static async Task<RedemptionResult> RedeemAsync(HttpClient http, Minted minted, string conversation, string redemption)
    {
        var response = await http.PostAsJsonAsync("/handoff-tokens/redeem",
            new RedeemTokenRequest(minted.Token, minted.User, "tenant-1", conversation, redemption), CancellationToken.None);
        await UnavailableException.ThrowIfFailedAsync(response);
        var answer = (await response.Content.ReadFromJsonAsync<RedeemTokenResponse>(CancellationToken.None))!;
        return answer.Task is not null ? RedemptionResult.Redeemed
            : answer.Rejection == HandoffRejectionReason.AlreadyUsed ? RedemptionResult.AlreadyUsed
            : throw new InvalidOperationException($"Unexpected rejection {answer.Rejection}.");
    }

    private sealed record Minted(string Token, string User);

    private sealed record Redeemed(Minted Minted, string Conversation);

    private enum RedemptionResult
    {
        Redeemed,
        AlreadyUsed,
    }

    private sealed class UnavailableException(HttpStatusCode status, string body) : Exception($"{(int)status}: {body}")
    {
        public HttpStatusCode Status { get; } = status;

        public static async Task ThrowIfFailedAsync(HttpResponseMessage response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new UnavailableException(response.StatusCode, await response.Content.ReadAsStringAsync(CancellationToken.None));
            }
        }
    }
}

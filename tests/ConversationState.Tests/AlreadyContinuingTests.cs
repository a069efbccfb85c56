using System.Diagnostics;
using System.Net.Http.Json;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// The owner clicking a link they already redeemed, through the HTTP API on a real Redis: told where the task
/// stands, once per conversation per window, and never within the window of the redemption itself.
/// </summary>
public sealed class AlreadyContinuingTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public ValueTask InitializeAsync()
    {
        _factory = StateService.On(redisFixture.ConnectionString, ("State:AlreadyContinuingNoticeWindow", Window.ToString()));
        _http = _factory.GatewayClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Fifty_concurrent_clicks_by_the_owner_redeem_once_and_none_of_the_others_asks_for_a_notice()
    {
        var conversation = $"a:{Guid.NewGuid()}";
        var token = await MintAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => RedeemAsync(token, conversation, $"r-{i}")));

        Assert.Single(answers, answer => answer.Task is not null);
        var earlier = answers.Where(answer => answer.Task is null).ToList();
        Assert.Equal(49, earlier.Count);
        Assert.All(earlier, answer => Assert.Equal(HandoffRejectionReason.AlreadyUsed, answer.Rejection));
        Assert.All(earlier, answer => Assert.False(answer.Earlier!.Notify));
    }

    [Fact]
    public async Task A_later_click_is_told_the_step_once_per_window_and_again_after_it()
    {
        var conversation = $"a:{Guid.NewGuid()}";
        var token = await MintAsync();
        await RedeemAsync(token, conversation, "r-first");
        var advanced = await _http.PostAsJsonAsync($"/conversations/{Uri.EscapeDataString(conversation)}/active-task/advance", new AdvanceStepRequest(0), Cancel);
        advanced.EnsureSuccessStatusCode();

        var soon = await RedeemAsync(token, conversation, "r-soon");
        var later = await RedeemUntilNotifiedAsync(token, conversation);
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => RedeemAsync(token, conversation, $"r-burst-{i}")));
        var afterAnotherWindow = await RedeemUntilNotifiedAsync(token, conversation);

        Assert.False(soon.Earlier!.Notify);
        Assert.Equal(EarlierTaskStanding.Active, later.Earlier!.Standing);
        Assert.Equal(1, later.Earlier.StepIndex);
        Assert.Equal("write my status update", later.Earlier.Context.RequestText);
        Assert.All(burst, answer => Assert.False(answer.Earlier!.Notify));
        Assert.True(afterAnotherWindow.Earlier!.Notify);
    }

    [Fact]
    public async Task A_task_replaced_by_a_newer_handoff_is_kept_and_another_conversation_does_not_hold_it()
    {
        var conversation = $"a:{Guid.NewGuid()}";
        var first = await MintAsync();
        var second = await MintAsync();
        await RedeemAsync(first, conversation, "r-1");
        await RedeemAsync(second, conversation, "r-2");

        var kept = await RedeemUntilNotifiedAsync(first, conversation);
        var elsewhere = await RedeemUntilNotifiedAsync(first, $"a:{Guid.NewGuid()}");

        Assert.Equal(EarlierTaskStanding.Kept, kept.Earlier!.Standing);
        Assert.Equal(EarlierTaskStanding.NotHere, elsewhere.Earlier!.Standing);
    }

    [Fact]
    public async Task Someone_else_clicking_a_redeemed_link_is_told_it_is_not_theirs_and_learns_nothing()
    {
        var conversation = $"a:{Guid.NewGuid()}";
        var token = await MintAsync();
        await RedeemAsync(token, conversation, "r-1");

        var answer = await RedeemAsync(token, $"a:{Guid.NewGuid()}", "r-mallory", user: "aad-mallory");

        Assert.Equal(HandoffRejectionReason.NotYours, answer.Rejection);
        Assert.Null(answer.Earlier);
        Assert.Null(answer.Task);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Clicks again until the window lets one through (each refused try claims nothing), or fails after 5 windows.</summary>
    private async Task<RedeemTokenResponse> RedeemUntilNotifiedAsync(string token, string conversation)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await RedeemAsync(token, conversation, $"r-{Guid.NewGuid():N}");
            if (answer.Earlier!.Notify)
            {
                return answer;
            }

            Assert.True(clock.Elapsed < Window * 5, $"No notice allowed within {(Window * 5).TotalSeconds} s of a {Window.TotalSeconds} s window.");
            await Task.Delay(100, Cancel);
        }
    }

    private async Task<string> MintAsync()
    {
        var stored = await _http.PostAsJsonAsync("/handoff-contexts", new StoreContextsRequest([StateTestData.Draft()]), Cancel);
        stored.EnsureSuccessStatusCode();
        return (await stored.Content.ReadFromJsonAsync<StoreContextsResponse>(Cancel))!.Tokens[0].Token;
    }

    private async Task<RedeemTokenResponse> RedeemAsync(string token, string conversation, string redemption, string user = "aad-alice")
    {
        var response = await _http.PostAsJsonAsync("/handoff-tokens/redeem", new RedeemTokenRequest(token, user, "tenant-1", conversation, redemption), Cancel);
        Assert.True(response.IsSuccessStatusCode, $"redeem answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return (await response.Content.ReadFromJsonAsync<RedeemTokenResponse>(Cancel))!;
    }
}

using System.Diagnostics;
using System.Net;
using Handoff.Contracts.Diagnostics;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// However often the owner clicks one link, at once or later: one welcome, at most one short notice per window, and
/// a later click hears where the task stands. A handoff costs at most two connector calls, one when it is quick
/// (docs/decisions/0013-one-welcome-activity.md).
/// </summary>
[Collection(TestStreams.Behaviour)]
public sealed class QuietDuplicatesTests(HandoffSystemFixture system)
{
    /// <summary>The fixture's <c>State:AlreadyContinuingNoticeWindow</c> (60 s in production).</summary>
    public static readonly TimeSpan NoticeWindow = TimeSpan.FromSeconds(5);

    /// <summary>The gateway's default <c>Handoff:TypingDelay</c>.</summary>
    private static readonly TimeSpan TypingDelay = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Fifty_concurrent_clicks_by_the_owner_give_one_welcome_and_at_most_one_notice_after_it()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("write my weekly status update"));
        var reference = HandoffReference.ForToken(cards[0].Token);

        var clicks = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => user.ClickAsync(cards[0].Token)));
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1, TimeSpan.FromSeconds(60));
        await WaitForRepeatedClicksAsync(reference, 49, TimeSpan.FromSeconds(90));

        var activities = system.Connector.In(user.ConversationId);
        var messages = activities.Where(activity => activity.Type == "message").ToList();
        var report = string.Join(" | ", activities.Select(activity => $"{activity.Type}: {activity.Text}"));
        Assert.All(clicks, click => Assert.Equal(HttpStatusCode.OK, click.StatusCode));
        Assert.Single(messages, message => message.Text?.StartsWith("Continuing from Copilot", StringComparison.Ordinal) == true);
        Assert.StartsWith("Continuing from Copilot", messages[0].Text, StringComparison.Ordinal);
        Assert.True(messages.Count <= 2, $"More than one notice beside the welcome: {report}");
        Assert.All(messages.Skip(1), notice => Assert.StartsWith("You're already continuing", notice.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, message => message.Text?.Contains("already used", StringComparison.Ordinal) == true);
        Assert.True(activities.Count(activity => activity.Type == "typing") <= 1, $"More than one typing indicator: {report}");
    }

    [Fact]
    public async Task A_later_click_on_a_redeemed_link_says_the_owner_is_already_continuing_and_at_which_step()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan a team offsite"));
        var offsite = cards.Single(card => card.Title == "Plan a team offsite");
        await user.ClickAsync(offsite.Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        await user.SayAsync("next");
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 2);

        var notice = await ClickUntilToldAsync(user, offsite.Token, expectedMessages: 3);

        Assert.StartsWith("You're already continuing **Plan a team offsite** here, step 2 of 4", notice.Text, StringComparison.Ordinal);
        Assert.Contains("Say **next**", notice.Text, StringComparison.Ordinal);
        Assert.EndsWith($"Ref: {HandoffReference.ForToken(offsite.Token)}", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_clicking_a_redeemed_link_is_told_it_is_not_theirs()
    {
        var alice = system.NewUser();
        var mallory = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await alice.CopilotQueryAsync("file my travel expense report"));
        await alice.ClickAsync(cards[0].Token);
        await system.Connector.WaitForMessagesAsync(alice.ConversationId, 1);

        await mallory.ClickAsync(cards[0].Token);
        var refusal = Assert.Single(await system.Connector.WaitForMessagesAsync(mallory.ConversationId, 1));

        Assert.Contains("made for someone else", refusal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("expense", refusal.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_quick_handoff_costs_one_connector_call_and_none_costs_more_than_two()
    {
        var quick = 0;
        var figures = new List<string>();
        for (var attempt = 0; attempt < 5 && quick < 2; attempt++)
        {
            var user = system.NewUser();
            var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("prepare the customer meeting"));
            var clickedAt = DateTimeOffset.UtcNow;
            await user.ClickAsync(cards[0].Token);
            var welcome = (await system.Connector.WaitForMessagesAsync(user.ConversationId, 1))[0];
            // A typing indicator, if the rule wanted one, is queued TypingDelay after the click: give it time to show.
            await WaitUntilAsync(clickedAt + TypingDelay + TimeSpan.FromSeconds(2));

            var calls = system.Connector.In(user.ConversationId);
            var sinceClick = welcome.ReceivedAt - clickedAt;
            figures.Add($"welcome after {sinceClick.TotalMilliseconds:F0} ms: {string.Join(", ", calls.Select(call => call.Type))}");
            Assert.True(calls.Count <= 2, string.Join(" | ", figures));
            Assert.Single(calls, call => call.Type == "message");
            if (sinceClick < TypingDelay)
            {
                quick++;
                Assert.True(calls.Count == 1, $"A welcome within {TypingDelay.TotalMilliseconds} ms came with a typing indicator: {string.Join(" | ", figures)}");
            }
            else if (calls.Count == 2)
            {
                Assert.Equal("typing", calls[0].Type);
            }
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, figures));
        Assert.True(quick > 0, $"No welcome came within {TypingDelay.TotalMilliseconds} ms of its click, so the quick case was never seen: {string.Join(" | ", figures)}");
    }

    /// <summary>Clicks again every second until the chat gets its next message: clicks within the window stay quiet by design.</summary>
    private async Task<RecordedActivity> ClickUntilToldAsync(TeamsChannel user, string token, int expectedMessages)
    {
        var clock = Stopwatch.StartNew();
        var limit = NoticeWindow * 6;
        while (true)
        {
            Assert.Equal(HttpStatusCode.OK, (await user.ClickAsync(token)).StatusCode);
            try
            {
                var messages = await system.Connector.WaitForMessagesAsync(user.ConversationId, expectedMessages, TimeSpan.FromSeconds(1));
                Assert.Equal(expectedMessages, messages.Count);
                return messages[^1];
            }
            catch (TimeoutException) when (clock.Elapsed < limit)
            {
                // Still inside the window: this click stayed quiet.
            }
        }
    }

    /// <summary>Waits until the gateway has handled that many repeated clicks of the handoff (told or kept quiet).</summary>
    private async Task WaitForRepeatedClicksAsync(string reference, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var handled = system.AppHost.Output.Split('\n').Count(line => line.Contains($"(ref {reference}): ", StringComparison.Ordinal)
                && (line.Contains("a repeated click on a redeemed link", StringComparison.Ordinal)
                    || line.Contains("told the user they are already continuing", StringComparison.Ordinal)));
            if (handled >= count)
            {
                return;
            }

            Assert.True(clock.Elapsed < timeout, $"The gateway handled {handled} of {count} repeated clicks in {timeout.TotalSeconds:F0} s.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static async Task WaitUntilAsync(DateTimeOffset moment)
    {
        var left = moment - DateTimeOffset.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, TestContext.Current.CancellationToken);
        }
    }
}

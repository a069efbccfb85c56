using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.BotFramework.Connector.Pacing;
using Handoff.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>The window rule (the same as the Redis script's) on this process's clock: Teams' documented limits, exactly.</summary>
public sealed class SendScheduleTests
{
    private static readonly PacingLimits Teams = PacingLimits.From(new ConnectorOptions { PacingGuard = TimeSpan.Zero });

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));

    [Fact]
    public void A_conversation_takes_seven_sends_at_once_and_the_eighth_waits_until_the_first_has_left_the_second()
    {
        var schedule = new LocalSendSchedule(Teams, _time);
        var key = new PacingKey("tenant-a", "a:1");

        var first = Enumerable.Range(0, 7).Select(_ => schedule.Reserve(key)).ToArray();
        var eighth = schedule.Reserve(key);

        Assert.All(first, decision => Assert.Equal(new PacingDecision(true, TimeSpan.Zero, PacingScope.None, _time.GetUtcNow().ToUnixTimeMilliseconds()), decision));
        Assert.Equal(new PacingDecision(false, TimeSpan.FromSeconds(1), PacingScope.Conversation), eighth);
    }

    [Fact]
    public void A_conversation_gets_eight_sends_in_two_seconds_however_they_are_spread()
    {
        var schedule = new LocalSendSchedule(Teams, _time);
        var key = new PacingKey("tenant-a", "a:1");
        for (var i = 0; i < 7; i++)
        {
            schedule.Reserve(key);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        var eighth = schedule.Reserve(key);
        var ninth = schedule.Reserve(key);

        Assert.Equal(new PacingDecision(true, TimeSpan.Zero, PacingScope.None, _time.GetUtcNow().ToUnixTimeMilliseconds()), eighth);
        Assert.Equal(new PacingDecision(false, TimeSpan.FromSeconds(1), PacingScope.Conversation), ninth);
    }

    [Fact]
    public void A_conversation_sending_flat_out_for_an_hour_stays_within_every_window_and_gets_1800()
    {
        var schedule = new LocalSendSchedule(Teams, _time);
        var key = new PacingKey("tenant-a", "a:1");
        var start = _time.GetUtcNow();
        var sent = new List<TimeSpan>();
        while (_time.GetUtcNow() - start < TimeSpan.FromHours(1))
        {
            var decision = schedule.Reserve(key);
            _time.Advance(decision.Wait);
            if (decision.Reserved)
            {
                sent.Add(_time.GetUtcNow() - start);
            }
        }

        Assert.Equal(7, SlidingWindow.MostIn(sent, TimeSpan.FromSeconds(1)));
        Assert.Equal(8, SlidingWindow.MostIn(sent, TimeSpan.FromSeconds(2)));
        Assert.Equal(60, SlidingWindow.MostIn(sent, TimeSpan.FromSeconds(30)));
        Assert.Equal(1800, sent.Count(at => at < TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_tenant_gets_fifty_sends_a_second_over_all_its_conversations_and_the_rest_are_scheduled_in_arrival_order()
    {
        var schedule = new LocalSendSchedule(Teams, _time);

        var decisions = Enumerable.Range(0, 175).Select(i => schedule.Reserve(new PacingKey("tenant-a", $"a:{i}"))).ToArray();

        Assert.All(decisions, decision => Assert.True(decision.Reserved));
        Assert.Equal(
            [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 50), .. Enumerable.Repeat(2, 50), .. Enumerable.Repeat(3, 25)],
            decisions.Select(decision => (int)decision.Wait.TotalSeconds));
        Assert.Equal(PacingScope.Tenant, decisions[50].LimitedBy);
    }

    [Fact]
    public void A_busy_conversation_holds_no_slot_of_its_tenant_so_the_tenants_other_conversations_go_at_once()
    {
        var schedule = new LocalSendSchedule(Teams, _time);
        var busy = new PacingKey("tenant-a", "a:busy");
        for (var i = 0; i < 60; i++)
        {
            schedule.Reserve(busy);
        }

        var other = schedule.Reserve(new PacingKey("tenant-a", "a:other"));

        Assert.Equal(new PacingDecision(true, TimeSpan.Zero, PacingScope.None, _time.GetUtcNow().ToUnixTimeMilliseconds()), other);
    }

    [Fact]
    public void A_tenant_with_a_long_queue_does_not_delay_another_tenant()
    {
        var schedule = new LocalSendSchedule(Teams, _time);
        for (var i = 0; i < 1000; i++)
        {
            schedule.Reserve(new PacingKey("tenant-slow", $"a:{i}"));
        }

        var other = schedule.Reserve(new PacingKey("tenant-b", "a:1"));

        Assert.Equal(new PacingDecision(true, TimeSpan.Zero, PacingScope.None, _time.GetUtcNow().ToUnixTimeMilliseconds()), other);
        Assert.Equal(TimeSpan.FromSeconds(20), schedule.Reserve(new PacingKey("tenant-slow", "a:1000")).Wait);
    }

    [Fact]
    public void Sends_without_a_tenant_share_one_bucket_of_their_own()
    {
        var schedule = new LocalSendSchedule(Teams, _time);
        for (var i = 0; i < 25; i++)
        {
            schedule.Reserve(new PacingKey(null, $"a:{i}"));
            schedule.Reserve(new PacingKey("", $"b:{i}"));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), schedule.Reserve(new PacingKey(null, "c:1")).Wait);
        Assert.Equal(TimeSpan.Zero, schedule.Reserve(new PacingKey("tenant-a", "c:1")).Wait);
    }

    [Fact]
    public void Alone_a_replica_takes_its_share_of_the_tenant_limit_and_the_whole_conversation_windows()
    {
        var share = Teams.ShareOf(3);

        Assert.Equal(16, share.Tenant.Sends);
        Assert.Equal(Teams.Conversation, share.Conversation);
    }

    [Fact]
    public void The_guard_widens_every_window_and_the_windows_keep_their_documented_names()
    {
        var limits = PacingLimits.From(new ConnectorOptions());

        Assert.Equal(TimeSpan.FromMilliseconds(1100), limits.Tenant.Width);
        Assert.Equal(["1s", "2s", "30s", "3600s"], limits.Conversation.Select(window => window.Name));
        Assert.Equal(TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(100), limits.Memory);
    }

    [Fact]
    public void Idle_conversations_and_tenants_are_forgotten_once_their_windows_have_passed()
    {
        var schedule = new LocalSendSchedule(Teams, _time);
        for (var i = 0; i < 500; i++)
        {
            schedule.Reserve(new PacingKey($"tenant-{i}", "a:1"));
        }

        _time.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < 1024; i++)
        {
            schedule.Reserve(new PacingKey("tenant-new", "a:1"));
        }

        Assert.Equal(2, schedule.Remembered);
    }
}

using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.BotFramework.Connector.Pacing;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>The limiter's queueing on a fake clock (no Redis configured, or none reachable, so it paces in process).</summary>
public sealed class OutboundSendLimiterTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));

    [Fact]
    public async Task Sends_to_one_conversation_go_out_oldest_first_and_none_is_dropped()
    {
        var limiter = Limiter();
        var key = new PacingKey("tenant-a", "a:1");
        var slots = new long[30];
        var done = 0;

        var sends = Enumerable.Range(0, 30).Select(async i =>
        {
            slots[i] = await limiter.WaitForTurnAsync(key, TestContext.Current.CancellationToken);
            Interlocked.Increment(ref done);
        }).ToArray();
        await RunClockUntilAsync(() => Volatile.Read(ref done) == 30, TimeSpan.FromMinutes(1));

        await Task.WhenAll(sends);
        // Oldest first is the order of the slots: sends that share one wake together, in whatever order the pool runs them.
        Assert.Equal(slots.Order(), slots);
        Assert.True(slots[^1] - slots[0] >= 3_000, $"30 sends to one conversation took slots over {slots[^1] - slots[0]} ms, under 7 a second");
    }

    [Fact]
    public async Task A_send_that_gives_up_while_waiting_passes_its_turn_to_the_next_one()
    {
        var limiter = Limiter();
        var key = new PacingKey("tenant-a", "a:1");
        for (var i = 0; i < 7; i++)
        {
            await limiter.WaitForTurnAsync(key, TestContext.Current.CancellationToken);
        }

        using var giveUp = new CancellationTokenSource();
        var cancelled = limiter.WaitForTurnAsync(key, giveUp.Token).AsTask();
        var next = limiter.WaitForTurnAsync(key, TestContext.Current.CancellationToken).AsTask();
        await giveUp.CancelAsync();
        await RunClockUntilAsync(() => next.IsCompleted, TimeSpan.FromSeconds(10));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await next;
    }

    [Fact]
    public async Task Waits_are_counted_by_the_limit_that_caused_them_and_the_limits_are_published_without_tenant_or_conversation()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        using var waited = new MetricCollector<double>(meters, "Handoff", "handoff.connector.rate_limit.wait");
        using var waits = new MetricCollector<long>(meters, "Handoff", "handoff.connector.rate_limit.waits");
        using var limits = new MetricCollector<long>(meters, "Handoff", "handoff.connector.rate_limit.limit");
        var limiter = Limiter(meters);
        var key = new PacingKey("tenant-a", "a:1");

        var sends = Enumerable.Range(0, 8).Select(_ => limiter.WaitForTurnAsync(key, TestContext.Current.CancellationToken).AsTask()).ToArray();
        await RunClockUntilAsync(() => sends.All(send => send.IsCompleted), TimeSpan.FromSeconds(10));
        limits.RecordObservableInstruments();

        Assert.Equal(8, waited.GetMeasurementSnapshot().Count);
        var wait = Assert.Single(waits.GetMeasurementSnapshot());
        Assert.Equal(("conversation", "local"), ((string?)wait.Tags["limited_by"], (string?)wait.Tags["pacing"]));
        Assert.All(waited.GetMeasurementSnapshot(), measurement => Assert.Equal(["limited_by", "pacing"], measurement.Tags.Keys.Order()));
        Assert.Equal(
            ["tenant 1s 50", "conversation 1s 7", "conversation 2s 8", "conversation 30s 60", "conversation 3600s 1800"],
            limits.GetMeasurementSnapshot().Select(limit => $"{limit.Tags["scope"]} {limit.Tags["window"]} {limit.Value}"));
    }

    [Fact]
    public async Task A_send_that_wakes_later_than_the_guard_after_its_slot_takes_a_new_one_and_still_goes()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        using var missed = new MetricCollector<long>(meters, "Handoff", "handoff.connector.rate_limit.missed_slots");
        var limiter = Limiter(meters, tenantSendsPerSecond: 1);
        await limiter.WaitForTurnAsync(new PacingKey("tenant-a", "a:1"), TestContext.Current.CancellationToken);

        // The second send of the tenant has its slot a second on; a starved machine wakes it a second after that.
        var second = limiter.WaitForTurnAsync(new PacingKey("tenant-a", "a:2"), TestContext.Current.CancellationToken).AsTask();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        await RunClockUntilAsync(() => second.IsCompleted, TimeSpan.FromSeconds(10));

        await second;
        Assert.Equal(1, missed.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
    }

    [Fact]
    public async Task With_Redis_unreachable_an_attempt_is_counted_once_as_paced_alone_however_many_slots_it_took()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        using var local = new MetricCollector<long>(meters, "Handoff", "handoff.connector.rate_limit.local");
        using var missed = new MetricCollector<long>(meters, "Handoff", "handoff.connector.rate_limit.missed_slots");
        // Nothing listens on port 1: the multiplexer never connects, so every reservation falls back to this replica.
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        var limiter = Limiter(meters, tenantSendsPerSecond: 1, redis: redis);
        await limiter.WaitForTurnAsync(new PacingKey("tenant-a", "a:1"), TestContext.Current.CancellationToken);

        // As above: the second send wakes late, takes a new slot, and so asks for two reservations.
        var second = limiter.WaitForTurnAsync(new PacingKey("tenant-a", "a:2"), TestContext.Current.CancellationToken).AsTask();
        _time.Advance(TimeSpan.FromSeconds(2));
        await RunClockUntilAsync(() => second.IsCompleted, TimeSpan.FromSeconds(10));

        await second;
        Assert.Equal(1, missed.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
        Assert.Equal(2, local.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
    }

    [Fact]
    public async Task With_pacing_off_every_send_goes_at_once_however_many_a_conversation_gets()
    {
        var limiter = Limiter(paced: false);
        var key = new PacingKey("tenant-a", "a:1");

        var sends = Enumerable.Range(0, 100).Select(_ => limiter.WaitForTurnAsync(key, TestContext.Current.CancellationToken).AsTask()).ToArray();

        Assert.All(sends, send => Assert.True(send.IsCompletedSuccessfully));
        await Task.WhenAll(sends);
    }

    private OutboundSendLimiter Limiter(IMeterFactory? meters = null, bool paced = true, int tenantSendsPerSecond = 50,
        StackExchange.Redis.IConnectionMultiplexer? redis = null)
    {
        meters ??= new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var options = new ConnectorOptions { PacingGuard = TimeSpan.Zero, SendsPerSecondPerTenant = tenantSendsPerSecond };
        // The clock below moves in 100 ms steps: a send woken by a step is up to one step late, and that is on time.
        return new OutboundSendLimiter(PacingLimits.From(options), 1, redis, _time, new ConnectorMetrics(meters, Options.Create(options)),
            NullLogger<OutboundSendLimiter>.Instance, paced, lateTolerance: TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Moves the fake clock on in small steps, letting the woken sends run, until <paramref name="done"/>.</summary>
    private async Task RunClockUntilAsync(Func<bool> done, TimeSpan atMost)
    {
        for (var elapsed = TimeSpan.Zero; !done() && elapsed < atMost; elapsed += TimeSpan.FromMilliseconds(100))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}

using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.BotFramework.Connector.Pacing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>The limiter's queueing on a fake clock (no Redis configured, so it paces in process).</summary>
public sealed class OutboundSendLimiterTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));

    [Fact]
    public async Task Sends_to_one_conversation_go_out_oldest_first_and_none_is_dropped()
    {
        var limiter = Limiter();
        var key = new PacingKey("tenant-a", "a:1");
        var order = new System.Collections.Concurrent.ConcurrentQueue<int>();

        var sends = Enumerable.Range(0, 30).Select(async i =>
        {
            await limiter.WaitForTurnAsync(key, TestContext.Current.CancellationToken);
            order.Enqueue(i);
        }).ToArray();
        await RunClockUntilAsync(() => order.Count == 30, TimeSpan.FromMinutes(1));

        await Task.WhenAll(sends);
        Assert.Equal(Enumerable.Range(0, 30), order);
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

    private OutboundSendLimiter Limiter()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new ConnectorOptions { PacingGuard = TimeSpan.Zero };
        return new OutboundSendLimiter(PacingLimits.From(options), 1, null, _time,
            new ConnectorMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Options.Create(options)),
            NullLogger<OutboundSendLimiter>.Instance);
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

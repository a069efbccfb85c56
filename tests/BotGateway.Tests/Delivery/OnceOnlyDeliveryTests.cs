using System.Diagnostics;
using Handoff.BotGateway.Handoff.Delivery;
using Handoff.Contracts.Clients;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>
/// One claim per notice, and its mark "sent" riding on the next claim: what reaches the state service and when,
/// on a fake clock (the linger, the retries every second) against the claims stand-in.
/// </summary>
public sealed class OnceOnlyDeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly DeliveryOptions _options = new();
    private StateServiceStandIn _state = null!;
    private HttpClient _http = null!;
    private BackgroundRetries _retries = null!;
    private SentDeliveries _sent = null!;
    private OutcomeDelivery _delivery = null!;
    private int _sends;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _state = await StateServiceStandIn.StartAsync();
        _http = new HttpClient { BaseAddress = _state.Url };
        var client = new ConversationStateClient(_http);
        _retries = new BackgroundRetries(_time, NullLogger<BackgroundRetries>.Instance);
        _sent = new SentDeliveries(client, _retries, Options.Create(_options), _time, NullLogger<SentDeliveries>.Instance);
        _delivery = new OutcomeDelivery(client, _sent, new DeliveriesInHand(), _time, NullLogger<OutcomeDelivery>.Instance);
        await _retries.StartAsync(Cancellation);
        await _sent.StartAsync(Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _sent.StopAsync(CancellationToken.None);
        await _retries.StopAsync(CancellationToken.None);
        _sent.Dispose();
        _http.Dispose();
        await _state.DisposeAsync();
    }

    [Fact]
    public async Task The_next_claim_carries_the_mark_of_the_last_send_so_the_mark_costs_no_call_of_its_own()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.True(await DeliverAsync(first));
        Assert.DoesNotContain(DeliveryId(first), _state.Sent);
        Assert.True(await DeliverAsync(second));

        Assert.Contains(DeliveryId(first), _state.Sent);
        Assert.Equal((2, 0), (_state.Calls("claim"), _state.Calls("complete")));
        Assert.Equal(2, _sends);
    }

    [Fact]
    public async Task An_outcome_this_gateway_sent_is_not_sent_again_while_its_mark_is_on_its_way_nor_after()
    {
        var handoff = Guid.NewGuid();

        Assert.True(await DeliverAsync(handoff));
        Assert.False(await DeliverAsync(handoff));
        Assert.Equal(1, _state.Calls("claim"));
        await AdvanceUntilAsync(() => _state.Sent.Contains(DeliveryId(handoff)));
        Assert.False(await DeliverAsync(handoff));

        Assert.Equal(1, _sends);
    }

    [Fact]
    public async Task A_mark_no_claim_takes_goes_on_its_own_after_the_linger_and_not_before()
    {
        var handoff = Guid.NewGuid();

        await DeliverAsync(handoff);
        await Task.Delay(100, Cancellation);
        Assert.Equal(0, _state.Calls("complete"));
        _time.Advance(_options.SentMarkLinger);
        await WaitUntilAsync(() => _state.Calls("complete") == 1);

        Assert.Contains(DeliveryId(handoff), _state.Sent);
    }

    [Fact]
    public async Task Marks_whose_claim_failed_ride_on_the_next_claim()
    {
        var (sent, failed, next) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await DeliverAsync(sent);

        _state.Unavailable = true;
        await Assert.ThrowsAsync<ConversationStateException>(() => DeliverAsync(failed));
        _state.Unavailable = false;
        await DeliverAsync(next);

        Assert.Contains(DeliveryId(sent), _state.Sent);
        Assert.Equal(0, _state.Calls("complete"));
        Assert.Equal(2, _sends);
    }

    [Fact]
    public async Task A_mark_the_state_service_cannot_take_is_tried_every_second_until_it_can_and_meanwhile_nothing_is_sent_twice()
    {
        var handoff = Guid.NewGuid();
        await DeliverAsync(handoff);
        _state.Unavailable = true;

        await AdvanceUntilAsync(() => _state.Calls("complete") >= 3);
        Assert.False(await DeliverAsync(handoff));
        _state.Unavailable = false;
        await AdvanceUntilAsync(() => _state.Sent.Contains(DeliveryId(handoff)));

        Assert.Equal(1, _sends);
        Assert.Equal(1, _state.Calls("claim"));
    }

    [Fact]
    public async Task A_retry_takes_back_the_lease_its_timed_out_claim_won_instead_of_waiting_it_out()
    {
        var handoff = Guid.NewGuid();
        var granted = _state.LoseNextClaimsAnswer();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var first = DeliverAsync(handoff, timeout.Token);
        await granted.WaitAsync(Cancellation);
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var retried = await DeliverAsync(handoff);

        Assert.True(retried);
        Assert.Equal((2, 1), (_state.Calls("claim"), _sends));
    }

    [Fact]
    public async Task A_second_copy_of_an_outcome_this_gateway_is_claiming_waits_its_turn_rather_than_sharing_the_claim()
    {
        var handoff = Guid.NewGuid();
        _state.HoldClaims();

        var first = DeliverAsync(handoff);
        await WaitUntilAsync(() => _state.Calls("claim") == 1);
        await Assert.ThrowsAsync<DeliveryInProgressException>(() => DeliverAsync(handoff));
        _state.ReleaseClaims();

        Assert.True(await first);
        Assert.Equal((1, 1), (_state.Calls("claim"), _sends));
    }

    [Fact]
    public async Task A_lease_another_sender_holds_is_not_taken_back_by_this_gateways_name()
    {
        var handoff = Guid.NewGuid();
        _state.Hold(DeliveryId(handoff));

        await Assert.ThrowsAsync<DeliveryInProgressException>(() => DeliverAsync(handoff));

        Assert.Equal(0, _sends);
    }

    private Task<bool> DeliverAsync(Guid handoff, CancellationToken? cancellationToken = null) => _delivery.DeliverOnceAsync(handoff, _ =>
    {
        Interlocked.Increment(ref _sends);
        return Task.CompletedTask;
    }, cancellationToken ?? Cancellation);

    private static string DeliveryId(Guid handoff) => $"{handoff:N}-{OutcomeDelivery.OutcomeNotice}";

    /// <summary>Moves the fake clock on a step at a time, letting the background work run, until the condition holds.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting");
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20, Cancellation);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting");
            await Task.Delay(20, Cancellation);
        }
    }
}

using System.Diagnostics;
using Handoff.BotGateway.Handoff.Delivery;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using MassTransit.Testing;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>
/// The outcome consumer as registered, with its definition's policy, on MassTransit's in-memory test harness:
/// once-only delivery, and the calls it costs the state service.
/// </summary>
public sealed class OutcomeConsumerTests : IAsyncLifetime
{
    private GatewayOnTestHarness _gateway = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // Long beside a busy machine's stalls (CI runs three test assemblies at once on two cores), so that whether a mark
    // rode on a claim depends on the mechanism, not on the scheduler: with the default 20 ms, half of them went alone there.
    public async ValueTask InitializeAsync() => _gateway = await GatewayOnTestHarness.StartAsync(sentMarkLinger: TimeSpan.FromSeconds(1));

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task An_outcome_that_arrives_twice_welcomes_the_user_once()
    {
        var restored = Restored("tenant-1", "a:twice");

        await _gateway.Harness.Bus.Publish(restored, Cancellation);
        await _gateway.Connector.WaitForMessagesAsync("a:twice", 1);
        await _gateway.Harness.Bus.Publish(restored, Cancellation);

        await ConsumedAsync(restored.CorrelationId, times: 2);
        Assert.Single(_gateway.Connector.In("a:twice"));
    }

    [Fact]
    public async Task The_welcome_gets_its_task_with_the_claim_as_the_event_carries_none()
    {
        var restored = Restored("tenant-1", "a:task");

        await _gateway.Harness.Bus.Publish(restored, Cancellation);
        await _gateway.Connector.WaitForMessagesAsync("a:task", 1);

        Assert.Equal("Continuing from Copilot: plan the offsite", _gateway.Connector.In("a:task")[0].Text);
        Assert.Equal(1, _gateway.State.Calls("claim"));
    }

    [Fact]
    public async Task A_welcome_whose_task_was_forgotten_before_it_went_out_sends_nothing_and_is_done()
    {
        var restored = Restored("tenant-1", "a:forgotten");
        _gateway.State.Forget("a:forgotten");

        await _gateway.Harness.Bus.Publish(restored, Cancellation);
        await ConsumedAsync(restored.CorrelationId, times: 1);
        await WaitUntilAsync(() => _gateway.State.Sent.Contains($"{restored.CorrelationId:N}-{OutcomeDelivery.OutcomeNotice}"));
        await _gateway.Harness.Bus.Publish(restored, Cancellation);
        await ConsumedAsync(restored.CorrelationId, times: 2);

        Assert.Empty(_gateway.Connector.In("a:forgotten"));
        Assert.False(await _gateway.Harness.Consumed.Any<HandoffContextRestored>(message => message.Exception is not null, Cancellation));
    }

    [Fact]
    public async Task An_already_continuing_notice_gets_where_the_task_stands_with_its_claim_and_without_it_names_no_task()
    {
        var kept = Rejected("a:continuing", new EarlierRedemptionNotice("r-earlier", Notify: true));
        _gateway.State.Keep("a:continuing", "r-earlier", new EarlierRedemption(Plan("tenant-1").Context, EarlierTaskStanding.Active, 1, Notify: false));
        var gone = Rejected("a:gone", new EarlierRedemptionNotice("r-gone", Notify: true));

        await _gateway.Harness.Bus.Publish(kept, Cancellation);
        await _gateway.Harness.Bus.Publish(gone, Cancellation);

        var notice = Assert.Single(await _gateway.Connector.WaitForMessagesAsync("a:continuing", 1));
        Assert.StartsWith("You're already continuing **Plan a team offsite** here, step 2 of 2: Book", notice.Text, StringComparison.Ordinal);
        var goneNotice = Assert.Single(await _gateway.Connector.WaitForMessagesAsync("a:gone", 1));
        Assert.Contains("no longer holds that task", goneNotice.CardText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outcome_another_sender_holds_is_retried_until_that_sender_has_sent_it_and_then_not_sent_again()
    {
        var restored = Restored("tenant-1", "a:held");
        var deliveryId = $"{restored.CorrelationId:N}-{OutcomeDelivery.OutcomeNotice}";
        _gateway.State.Hold(deliveryId);

        await _gateway.Harness.Bus.Publish(restored, Cancellation);
        await WaitUntilAsync(() => _gateway.State.Calls("claim") >= 1);
        _gateway.State.MarkSent(deliveryId);
        await WaitUntilAsync(() => _gateway.State.Calls("claim") >= 2);
        // A retry that raced the mark may have found it still held: it is claimed once more, and then no more.
        await Task.Delay(OnceOnlyDeliveryConsumerDefinition<HandoffOutcomeConsumer>.InProgressRetryInterval * 1.5, Cancellation);
        var claims = _gateway.State.Calls("claim");
        await Task.Delay(OnceOnlyDeliveryConsumerDefinition<HandoffOutcomeConsumer>.InProgressRetryInterval * 2, Cancellation);

        Assert.True(claims >= 2, "the held outcome was claimed again after the retry interval");
        Assert.Equal(claims, _gateway.State.Calls("claim"));
        Assert.Empty(_gateway.Connector.In("a:held"));
    }

    [Fact]
    public async Task Under_load_a_welcome_costs_about_one_call_to_the_state_service_as_its_mark_rides_on_the_next_claim()
    {
        const int welcomes = 300;
        // One conversation per tenant: no pacing waits.
        var outcomes = Enumerable.Range(0, welcomes).Select(i => Restored($"tenant-{i}", $"a:load-{i}")).ToList();

        // A steady flow, as clicks come (about 400/s), not one burst whose claims all go out before any send is done.
        foreach (var outcome in outcomes)
        {
            await _gateway.Harness.Bus.Publish(outcome, Cancellation);
            await Task.Delay(TimeSpan.FromMilliseconds(2), Cancellation);
        }

        await WaitUntilAsync(() => _gateway.State.Sent.Count() >= welcomes);

        var perWelcome = (double)_gateway.State.DeliveryCalls / welcomes;
        TestContext.Current.SendDiagnosticMessage(
            $"{welcomes} welcomes: {_gateway.State.Calls("claim")} claims, {_gateway.State.Calls("complete")} marks of their own, {perWelcome:F2} delivery calls per welcome");
        Assert.Equal(welcomes, _gateway.Connector.All.Count);
        Assert.InRange(perWelcome, 1.0, 1.5);
    }

    private HandoffContextRestored Restored(string tenant, string conversation) => Restored(_gateway, tenant, conversation);

    private static HandoffContextRestored Restored(GatewayOnTestHarness gateway, string tenant, string conversation) => gateway.Redeemed(
        Address(gateway, tenant, conversation), Plan(tenant), "H7K2M-9QXDA");

    private HandoffRejected Rejected(string conversation, EarlierRedemptionNotice earlier) => new(Guid.NewGuid(),
        Address(_gateway, "tenant-1", conversation), HandoffRejectionReason.AlreadyUsed, DateTimeOffset.UtcNow, "H7K2M-9QXDA", earlier);

    private static ConversationAddress Address(GatewayOnTestHarness gateway, string tenant, string conversation) =>
        new("msteams", gateway.Connector.ServiceUrl.AbsoluteUri, conversation, "28:bot", "29:user", tenant);

    private static ActiveTask Plan(string tenant) => new(new HandoffContext("plan the offsite", "continueInChat",
        new TaskItem("offsite", "Plan a team offsite", "d", ["Poll dates", "Book"]), "aad-1", tenant, "en-US", DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow.AddMinutes(10)), 0, DateTimeOffset.UtcNow);

    private async Task ConsumedAsync(Guid correlationId, int times)
    {
        var consumed = 0;
        await foreach (var _ in _gateway.Harness.Consumed.SelectAsync<HandoffContextRestored>(message => message.Context.Message.CorrelationId == correlationId, Cancellation))
        {
            if (++consumed == times)
            {
                return;
            }
        }

        throw new TimeoutException($"Handoff {correlationId}'s outcome was consumed {consumed} of {times} times.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting");
            await Task.Delay(20, Cancellation);
        }
    }
}

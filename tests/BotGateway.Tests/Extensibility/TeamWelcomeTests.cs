using System.Text.Json;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.BotGateway.Tests.Delivery;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests.Extensibility;

/// <summary>
/// A team's welcome registered with <c>AddHandoffWelcome&lt;T&gt;()</c>, on the outcome consumer as registered (MassTransit's
/// test harness): its words, from the payload, in the one welcome activity with the gateway's reference and 👍/👎.
/// </summary>
public sealed class TeamWelcomeTests : IAsyncLifetime
{
    private GatewayOnTestHarness _gateway = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _gateway = await GatewayOnTestHarness.StartAsync(services: services =>
    {
        services.AddSingleton<WelcomeCalls>();
        services.AddHandoffWelcome<OrderWelcome>();
    });

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_teams_welcome_writes_the_first_reply_from_the_payload_in_one_activity_with_the_reference_and_feedback()
    {
        var restored = Restored("a:order", """{ "orderId": "O-1001" }""");

        await _gateway.Harness.Bus.Publish(restored, Cancellation);

        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync("a:order", 1));
        Assert.Equal("Picking up order O-1001", welcome.Text);
        Assert.StartsWith("Order **O-1001** ships on Friday.", welcome.CardText, StringComparison.Ordinal);
        Assert.Contains("Ref: H7K2M-9QXDA", welcome.CardText, StringComparison.Ordinal);
        Assert.Equal(["👍", "👎"], welcome.Activity["attachments"]![0]!["content"]!["actions"]!.AsArray().Select(action => (string?)action!["title"]));
    }

    [Fact]
    public async Task An_outcome_that_arrives_twice_asks_the_teams_welcome_once_and_welcomes_once()
    {
        var restored = Restored("a:twice", """{ "orderId": "O-1002" }""");

        await _gateway.Harness.Bus.Publish(restored, Cancellation);
        await _gateway.Connector.WaitForMessagesAsync("a:twice", 1);
        await _gateway.Harness.Bus.Publish(restored, Cancellation);
        await _gateway.Harness.Consumed.SelectAsync<HandoffContextRestored>(message => message.Context.Message.CorrelationId == restored.CorrelationId, Cancellation)
            .Take(2).CountAsync(Cancellation);

        Assert.Single(_gateway.Connector.In("a:twice"));
        Assert.Equal([("O-1002", "en-GB")], _gateway.Services.GetRequiredService<WelcomeCalls>().All.Where(call => call.Order == "O-1002"));
    }

    [Fact]
    public async Task A_teams_welcome_that_fails_gives_way_to_the_default_so_the_user_is_still_welcomed()
    {
        var restored = Restored("a:broken", payload: null);

        await _gateway.Harness.Bus.Publish(restored, Cancellation);

        var welcome = Assert.Single(await _gateway.Connector.WaitForMessagesAsync("a:broken", 1));
        Assert.Equal("Continuing from Copilot: chairs for the offsite", welcome.Text);
        Assert.Contains("step 1 of 2: Check the delivery date.", welcome.CardText, StringComparison.Ordinal);
    }

    private HandoffContextRestored Restored(string conversation, string? payload) => _gateway.Redeemed(
        new ConversationAddress("msteams", _gateway.Connector.ServiceUrl.AbsoluteUri, conversation, "28:bot", "29:user", "tenant-1"),
        new ActiveTask(new HandoffContext("chairs for the offsite", "continueInChat",
            new TaskItem("O-1001", "Order O-1001: 40 chairs", "d", ["Check the delivery date.", "Confirm the address."]),
            "aad-1", "tenant-1", "en-GB", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10),
            payload is null ? null : JsonDocument.Parse(payload).RootElement), 0, DateTimeOffset.UtcNow),
        "H7K2M-9QXDA");

    /// <summary>What the team's welcome was asked: the order in the payload, and the locale it was given.</summary>
    private sealed class WelcomeCalls
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string? Order, string Locale)> _calls = new();

        public IReadOnlyList<(string? Order, string Locale)> All => [.. _calls];

        public void Record(string? order, string locale) => _calls.Enqueue((order, locale));
    }

    /// <summary>A team's welcome: the order the payload names; no payload is its bug, and it throws.</summary>
    private sealed class OrderWelcome(WelcomeCalls calls) : IHandoffWelcome
    {
        public Task<HandoffWelcomeMessage> ComposeAsync(ActiveTask task, string locale, CancellationToken cancellationToken)
        {
            var order = task.Context.AppPayload?.GetProperty("orderId").GetString();
            calls.Record(order, locale);
            return order is null
                ? throw new InvalidOperationException("The handoff carries no order.")
                : Task.FromResult(new HandoffWelcomeMessage($"Picking up order {order}", [$"Order **{order}** ships on Friday."]));
        }
    }
}

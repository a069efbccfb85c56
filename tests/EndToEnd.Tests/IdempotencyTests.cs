using System.Net.Http.Json;
using Handoff.Contracts;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// Teams may re-send an invoke and RabbitMQ may redeliver: each handoff still ends in one outcome and one
/// welcome (PROTOCOL.md §2).
/// </summary>
[Collection(TestStreams.Behaviour)]
public sealed class IdempotencyTests(HandoffSystemFixture system)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task An_invoke_resent_with_the_same_activity_id_welcomes_once()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("write my status update"));

        await user.ClickAsync(cards[0].Token, activityId: "f:resent");
        await user.ClickAsync(cards[0].Token, activityId: "f:resent");
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        var messages = Messages(user.ConversationId);
        Assert.Single(messages);
        Assert.StartsWith("Continuing from Copilot", messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_outcome_event_welcomes_once()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan the offsite"));
        var restored = new HandoffContextRestored(await RedeemAsync(user, cards[0].Token), Address(user), DateTimeOffset.UtcNow);
        await using var bus = await TestBus.StartAsync(await system.AppHost.ConnectionStringAsync("rabbitmq"));

        await bus.Publisher.Publish(restored, TestContext.Current.CancellationToken);
        await bus.Publisher.Publish(restored, TestContext.Current.CancellationToken);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        Assert.Equal(["Continuing from Copilot: plan the offsite"], Messages(user.ConversationId));
    }

    [Fact]
    public async Task A_welcome_still_queued_when_the_user_is_forgotten_is_not_sent()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan the offsite"));
        var restored = new HandoffContextRestored(await RedeemAsync(user, cards[0].Token), Address(user), DateTimeOffset.UtcNow);
        using var state = await system.AppHost.ConversationStateClientAsync(ResourceNames.BotGateway, TestContext.Current.CancellationToken);
        (await state.DeleteAsync($"/users/{Uri.EscapeDataString(user.TenantId)}/{Uri.EscapeDataString(user.AadObjectId)}?requestedBy=user",
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await using var bus = await TestBus.StartAsync(await system.AppHost.ConnectionStringAsync("rabbitmq"));

        var other = system.NewUser();
        var othersCards = await TeamsChannel.CardsAsync(await other.CopilotQueryAsync("plan the offsite"));
        var othersWelcome = new HandoffContextRestored(await RedeemAsync(other, othersCards[0].Token), Address(other), DateTimeOffset.UtcNow);

        // The event names the handoff only; what it welcomed the user to went with "forget me". The other user's welcome,
        // published after it, shows the gateway has taken both.
        await bus.Publisher.Publish(restored, TestContext.Current.CancellationToken);
        await bus.Publisher.Publish(othersWelcome, TestContext.Current.CancellationToken);
        await system.Connector.WaitForMessagesAsync(other.ConversationId, 1);
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        Assert.Empty(Messages(user.ConversationId));
    }

    [Fact]
    public async Task A_consumer_that_crashed_after_redeeming_and_before_publishing_still_welcomes_once()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("prepare the customer meeting"));
        // The crashed consumer's redeem: the state changed, nothing was published, the message was not acked.
        var correlationId = await RedeemAsync(user, cards[0].Token);
        var requested = new HandoffRequested(correlationId, cards[0].Token, user.AadObjectId, user.TenantId, Address(user), DateTimeOffset.UtcNow);
        await using var bus = await TestBus.StartAsync(await system.AppHost.ConnectionStringAsync("rabbitmq"));

        // RabbitMQ redelivers the unacknowledged message, to the restarted consumer, twice for good measure.
        await bus.Publisher.Publish(requested, TestContext.Current.CancellationToken);
        await bus.Publisher.Publish(requested, TestContext.Current.CancellationToken);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        var messages = Messages(user.ConversationId);
        Assert.Single(messages);
        Assert.Equal("Continuing from Copilot: prepare the customer meeting", messages[0]);
    }

    private List<string> Messages(string conversationId) =>
        system.Connector.In(conversationId).Where(activity => activity.Type == "message").Select(activity => activity.Text!).ToList();

    private ConversationAddress Address(TeamsChannel user) =>
        new("msteams", system.Connector.ServiceUrl.AbsoluteUri, user.ConversationId, "28:" + TeamsChannel.BotAppId, user.UserId);

    /// <summary>Redeems the token as HandoffService would, with nothing published: the redemption's id (its correlation id).</summary>
    private async Task<Guid> RedeemAsync(TeamsChannel user, string token)
    {
        var correlationId = Guid.NewGuid();
        using var state = await system.AppHost.ConversationStateClientAsync(ResourceNames.HandoffService, TestContext.Current.CancellationToken);
        var redeemed = await state.PostAsJsonAsync("/handoff-tokens/redeem",
            new RedeemTokenRequest(token, user.AadObjectId, user.TenantId, user.ConversationId, RedeemTokenRequest.RedemptionIdOf(correlationId)),
            TestContext.Current.CancellationToken);
        redeemed.EnsureSuccessStatusCode();
        return correlationId;
    }
}

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
        await user.ClickAsync(cards[0].Token);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 1);
        var correlationId = Guid.NewGuid();
        var restored = new HandoffContextRestored(correlationId, Address(user), await ActiveTaskAsync(user), DateTimeOffset.UtcNow);
        await using var bus = await TestBus.StartAsync(await system.AppHost.ConnectionStringAsync("rabbitmq"));

        await bus.Publisher.Publish(restored, TestContext.Current.CancellationToken);
        await bus.Publisher.Publish(restored, TestContext.Current.CancellationToken);
        await system.Connector.WaitForMessagesAsync(user.ConversationId, 2);
        await Task.Delay(Settle, TestContext.Current.CancellationToken);

        Assert.Equal(2, Messages(user.ConversationId).Count);
    }

    [Fact]
    public async Task A_consumer_that_crashed_after_redeeming_and_before_publishing_still_welcomes_once()
    {
        var user = system.NewUser();
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("prepare the customer meeting"));
        var correlationId = Guid.NewGuid();
        // The crashed consumer's redeem: the state changed, nothing was published, the message was not acked.
        using var state = await system.AppHost.ConversationStateClientAsync(ResourceNames.HandoffService, TestContext.Current.CancellationToken);
        var redeemed = await state.PostAsJsonAsync("/handoff-tokens/redeem",
            new RedeemTokenRequest(cards[0].Token, user.AadObjectId, user.TenantId, user.ConversationId, correlationId.ToString("N")),
            TestContext.Current.CancellationToken);
        redeemed.EnsureSuccessStatusCode();
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

    /// <summary>The conversation's active task, as a turn of the user's answers it (ConversationState serves no plain read).</summary>
    private async Task<ActiveTask> ActiveTaskAsync(TeamsChannel user)
    {
        using var state = await system.AppHost.ConversationStateClientAsync(ResourceNames.BotGateway, TestContext.Current.CancellationToken);
        var turn = await state.PostAsJsonAsync($"/conversations/{Uri.EscapeDataString(user.ConversationId)}/turns",
            new RecordTurnRequest("where are we", user.AadObjectId, user.TenantId), TestContext.Current.CancellationToken);
        turn.EnsureSuccessStatusCode();
        return (await turn.Content.ReadFromJsonAsync<ConversationSnapshot>(TestContext.Current.CancellationToken))!.ActiveTask!;
    }
}

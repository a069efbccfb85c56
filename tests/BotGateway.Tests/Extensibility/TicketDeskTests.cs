extern alias tickets;
using Handoff.BotGateway.Handoff.Initiation;
using Handoff.BotGateway.Agents;
using Handoff.BotGateway.Tests.Copilot;
using Handoff.Contracts.Clients;
using Handoff.Contracts.State;
using Handoff.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using tickets::Handoff.Samples.TicketDesk.Conversation;
using tickets::Handoff.Samples.TicketDesk.Search;
using tickets::Handoff.Samples.TicketDesk.Tickets;
using tickets::Handoff.Samples.TicketDesk.Welcome;

namespace Handoff.BotGateway.Tests.Extensibility;

/// <summary>
/// The sample team bot (samples/TicketDesk), its own project started as the gateway, over HTTP in front of the real
/// ConversationState and Redis: its own search's tickets, each carrying its ticket id into the context; and its
/// welcome and agent, which answer from that id.
/// </summary>
public sealed class TicketDeskTests(RedisFixture redis, RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private GatewayWithState _desk = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _desk = await GatewayWithState.StartAsync<tickets::Program>(redis.ConnectionString, rabbitMq.ConnectionString, stateSettings: [], services: null);

    public async ValueTask DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task The_ticket_desk_answers_a_Copilot_search_with_its_own_tickets_each_context_carrying_its_ticket_id()
    {
        var user = Guid.NewGuid().ToString();

        var result = await _desk.ComposeExtensionAsync(_desk.Activity("invoke", "composeExtension/query", GatewayWithState.Query("my vpn keeps dropping"),
            user, source: "copilot"));

        var card = Assert.Single(result["attachments"]!.AsArray())!;
        Assert.Equal("T-123: VPN drops every hour", (string?)card["preview"]!["content"]!["title"]);
        var state = _desk.Services.GetRequiredService<ConversationStateClient>();
        var redeemed = await state.RedeemAsync(new RedeemTokenRequest(Assert.Single(GatewayWithState.Tokens(result)), user, "tenant-1",
            $"a:{Guid.NewGuid():N}", Guid.NewGuid().ToString("N")), Cancellation);
        Assert.Equal("""{"ticketId":"T-123"}""", redeemed.Task!.Context.AppPayload!.Value.GetRawText());
    }

    [Fact]
    public void The_ticket_desk_has_the_gateways_settings_under_its_own()
    {
        var configuration = _desk.Services.GetRequiredService<IConfiguration>();

        Assert.Equal("true", configuration["Aspire:StackExchange:Redis:DisableTracing"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        // Its own appsettings.json, over the gateway's defaults.
        Assert.Equal("Debug", configuration["Logging:LogLevel:Handoff.Samples.TicketDesk"]);
    }

    [Fact]
    public async Task The_ticket_desk_welcome_and_agent_answer_from_the_ticket_the_payload_names()
    {
        var book = new TicketBook();
        var task = Handed(TicketSearch.Result(book.Find("T-124")!));

        var welcome = await new TicketWelcome(book).ComposeAsync(task, "en-GB", Cancellation);
        var status = await new TicketAgent(book).AnswerAsync(Turn("what is the status?", task), Cancellation).ToListAsync(Cancellation);
        var owner = await new TicketAgent(book).AnswerAsync(Turn("who has it?", task), Cancellation).ToListAsync(Cancellation);

        Assert.Equal("Picking up ticket T-124 from Copilot: Laptop battery is swelling", welcome.Summary);
        Assert.Equal(["Ticket T-124 (Laptop battery is swelling) is replacement ordered, arriving Thursday."], status);
        Assert.Equal(["Ticket T-124 is with Sam (hardware)."], owner);
    }

    [Fact]
    public async Task Without_a_ticket_in_the_handoff_the_desk_falls_back_to_the_steps_and_asks_for_one()
    {
        var book = new TicketBook();
        var task = Handed(new HandoffSearchResult(new TaskItem("your-request", "fix my printer", "", ["Describe it."])));

        var welcome = await new TicketWelcome(book).ComposeAsync(task, "en-GB", Cancellation);
        var answer = await new TicketAgent(book).AnswerAsync(Turn("hello", task: null), Cancellation).ToListAsync(Cancellation);

        Assert.Equal("Continuing from Copilot: fix my printer", welcome.Summary);
        Assert.Equal([TicketAgent.NoTicket], answer);
    }

    private static ActiveTask Handed(HandoffSearchResult result) => new(new HandoffContext(result.Item.Title, "continueInChat",
        result.Item, "aad-1", "tenant-1", "en-GB", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10), result.AppPayload), 0, DateTimeOffset.UtcNow);

    private static AgentTurn Turn(string text, ActiveTask? task) => new("a:desk", text, task, [], "en-GB", IsPersonalChat: true);
}

using System.Net;
using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// A team's own bot project, samples/TicketDesk, run by the real AppHost in place of the gateway (<c>--bot ticket-desk</c>):
/// its search answers Copilot, and the ticket id its result carries comes back, through HandoffService, RabbitMQ and
/// the sealed context in Redis, to its own welcome.
/// </summary>
[Collection(TestStreams.Behaviour)]
public sealed class TeamBotTests
{
    [Fact]
    public async Task The_apphost_runs_the_ticket_desk_as_the_bot_and_the_ticket_its_search_found_is_the_one_it_welcomes_the_user_to()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AspireAppHost.StartAsync(new Dictionary<string, string>(), dashboard: false, cancellation, "--bot", "ticket-desk");
        var user = new TeamsChannel(host.MessagesEndpoint, connector.ServiceUrl, "tenant-team-bot");

        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("my vpn keeps dropping"));
        var click = await user.ClickAsync(Assert.Single(cards).Token);
        var welcome = Assert.Single(await connector.WaitForMessagesAsync(user.ConversationId, 1));

        Assert.Equal("T-123: VPN drops every hour", cards[0].Title);
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Equal("Picking up ticket T-123 from Copilot: VPN drops every hour", welcome.Text);
        Assert.StartsWith("**T-123** is waiting on the network team; Priya (network) has it.", welcome.CardText, StringComparison.Ordinal);
        Assert.Equal(["👍", "👎"], welcome.Activity["attachments"]![0]!["content"]!["actions"]!.AsArray().Select(action => (string?)action!["title"]));

        await user.SayAsync("what is the status?");
        var answer = (await connector.WaitForMessagesAsync(user.ConversationId, 2))[1];
        Assert.Equal("Ticket T-123 (VPN drops every hour) is waiting on the network team.", answer.Text);
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests.Delivery;

/// <summary>
/// A click RabbitMQ does not take is redeemed by the gateway itself. Teams gives the click 15 s, and while Redis
/// fails over under the state service a welcome's claim can wait out every timeout it has: so the click is
/// answered once its token is redeemed, and the user is told beside that answer, not before it.
/// </summary>
public sealed class BrokerlessClickTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_click_redeemed_without_rabbitmq_is_answered_while_its_welcome_still_waits_for_a_claim_and_the_welcome_follows_once()
    {
        await using var gateway = await GatewayOnTestHarness.StartAsync(
            services: registrations => registrations.AddScoped<IPublishEndpoint>(_ => UnavailablePublisher.Refusing()));
        var conversation = $"a:{Guid.NewGuid():N}";
        gateway.State.HoldClaims();

        var click = await gateway.CreateClient().PostAsync("/api/messages", Click(gateway, conversation), Cancellation);
        var claimsAbandonedWhenAnswered = gateway.State.ClaimsAbandoned;
        var messagesWhenAnswered = gateway.Connector.In(conversation).Count(activity => activity.Type == "message");
        gateway.State.ReleaseClaims();
        var welcome = await gateway.Connector.WaitForMessagesAsync(conversation, 1);
        // Long enough for a second welcome to show itself, were the first attempt retried.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);

        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Equal(1, gateway.State.Calls("redeem"));
        // Before the fix the click waited for the welcome: its claim was given up at the 3 s attempt timeout first.
        Assert.Equal(0, claimsAbandonedWhenAnswered);
        Assert.Equal(0, messagesWhenAnswered);
        Assert.Equal("Continuing from Copilot: plan the offsite", welcome[0].Text);
        Assert.Single(gateway.Connector.In(conversation), activity => activity.Type == "message");
    }

    [Fact]
    public async Task A_click_whose_publish_never_returns_is_redeemed_without_rabbitmq_once_the_publish_timeout_has_passed()
    {
        await using var gateway = await GatewayOnTestHarness.StartAsync(
            services: registrations => registrations.AddScoped<IPublishEndpoint>(_ => UnavailablePublisher.Hanging()));
        var conversation = $"a:{Guid.NewGuid():N}";

        // Teams gives up after 15 s; before the fix this waited for the publish for ever.
        var click = await gateway.CreateClient().PostAsync("/api/messages", Click(gateway, conversation), Cancellation)
            .WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        var welcome = await gateway.Connector.WaitForMessagesAsync(conversation, 1);

        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Equal(1, gateway.State.Calls("redeem"));
        Assert.Equal("Continuing from Copilot: plan the offsite", welcome[0].Text);
    }

    private static StringContent Click(GatewayOnTestHarness gateway, string conversation) => new(new JsonObject
    {
        ["type"] = "invoke",
        ["name"] = "handoff/action",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = gateway.Connector.ServiceUrl.AbsoluteUri,
        ["from"] = new JsonObject { ["id"] = "29:user", ["aadObjectId"] = "aad-user" },
        ["recipient"] = new JsonObject { ["id"] = "28:bot" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
        ["value"] = new JsonObject { ["continuation"] = "a-continuation-token" },
    }.ToJsonString(), Encoding.UTF8, "application/json");
}

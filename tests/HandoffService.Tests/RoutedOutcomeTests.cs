using System.Collections.Concurrent;
using System.Diagnostics;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.HandoffService.Redemption;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Handoff.HandoffService.Tests;

/// <summary>
/// On the real RabbitMQ: an outcome no queue is bound to take (a broker that just restarted, a gateway not started yet)
/// is not confirmed and dropped. It fails the redemption, which is retried with the same redemption id until a queue
/// takes the outcome.
/// </summary>
public sealed class RoutedOutcomeTests(RabbitMqFixture rabbitMq)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_welcome_no_queue_takes_is_retried_until_one_does_and_arrives_once()
    {
        var redemptionIds = new ConcurrentQueue<string>();
        var (state, stateUrl) = await LoopbackServer.StartAsync(app => app.MapPost("/handoff-tokens/redeem", (RedeemTokenRequest request) =>
        {
            redemptionIds.Enqueue(request.RedemptionId);
            return Results.Json(new RedeemTokenResponse(Plan(), null));
        }));
        await using var stateServer = state;
        await using var service = new WebApplicationFactory<HandoffRequestedConsumer>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq.ConnectionString);
            web.UseSetting("services:conversationstate:http:0", stateUrl.AbsoluteUri.TrimEnd('/'));
            web.WithUncheckedStateCallerKey();
            for (var index = 0; index < 40; index++)
            {
                web.UseSetting($"Redemption:RetryIntervals:{index}", "00:00:00.250");
            }
        });
        _ = service.Server;
        await using var clicks = await TestBus.StartAsync(rabbitMq.ConnectionString);
        var request = new HandoffRequested(Guid.NewGuid(), "token", "aad-1", "tenant-1",
            new ConversationAddress("msteams", "https://smba.trafficmanager.net/amer/", "a:1", "28:bot", "29:user"), DateTimeOffset.UtcNow, "REF-1");

        await clicks.Publisher.Publish(request, Cancellation);
        // No queue is bound to the outcome's exchange yet: each redemption's welcome comes back, so it is redeemed again.
        var clock = Stopwatch.StartNew();
        while (redemptionIds.Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Cancellation);
        }

        Assert.True(redemptionIds.Count >= 3, $"redeemed {redemptionIds.Count} time(s) in 30 s: the unrouted welcome was not retried");
        await using var gateway = await GatewayOutcomeQueue.StartAsync(rabbitMq.ConnectionString);
        var welcomes = gateway.Outcomes;
        clock.Restart();
        while (!welcomes.OfType<HandoffContextRestored>().Any(welcome => welcome.CorrelationId == request.CorrelationId) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Cancellation);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        Assert.Single(welcomes.OfType<HandoffContextRestored>(), welcome => welcome.CorrelationId == request.CorrelationId);
        Assert.Single(redemptionIds.Distinct());
        // The welcome on the wire names the handoff, never what the user asked for: "forget me" cannot reach a queue.
        var body = Assert.Single(gateway.Bodies, body => body.Contains(request.CorrelationId.ToString(), StringComparison.Ordinal));
        Assert.Contains("REF-1", body, StringComparison.Ordinal);
        foreach (var content in new[] { "plan the offsite", "Plan a team offsite", "Poll dates", "aad-1" })
        {
            Assert.DoesNotContain(content, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static ActiveTask Plan() => new(new HandoffContext("plan the offsite", "continueInChat",
        new TaskItem("offsite", "Plan a team offsite", "d", ["Poll dates", "Book"]), "aad-1", "tenant-1", "en-US",
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10)), 0, DateTimeOffset.UtcNow);
}

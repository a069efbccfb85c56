using System.Collections.Concurrent;
using Handoff.Contracts.Events;
using Handoff.Contracts.State;
using Handoff.HandoffService.Redemption;
using Handoff.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Handoff.HandoffService.Tests;

/// <summary>
/// The redemption consumer as registered, with its definition's retry policy, on MassTransit's in-memory test
/// harness, against a ConversationState that answers each token as the test says.
/// </summary>
public sealed class RedemptionConsumerTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _redeems = new(StringComparer.Ordinal);
    private WebApplication _state = null!;
    private WebApplicationFactory<HandoffRequestedConsumer> _service = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ITestHarness Harness => _service.Services.GetTestHarness();

    public async ValueTask InitializeAsync()
    {
        (_state, var stateUrl) = await LoopbackServer.StartAsync(app => app.MapPost("/handoff-tokens/redeem", (RedeemTokenRequest request) =>
        {
            _redeems.AddOrUpdate(request.Token, 1, (_, count) => count + 1);
            return request.Token switch
            {
                "redeemable" => Results.Json(new RedeemTokenResponse(OffsitePlan(), null)),
                "expired" => Results.Json(new RedeemTokenResponse(null, HandoffRejectionReason.Expired)),
                _ => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
            };
        }));
        _service = new WebApplicationFactory<HandoffRequestedConsumer>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            // Parsed at registration, never connected to: the harness replaces the RabbitMQ transport.
            web.UseSetting("ConnectionStrings:rabbitmq", "amqp://guest:guest@127.0.0.1:1/");
            web.UseSetting("services:conversationstate:http:0", stateUrl.AbsoluteUri.TrimEnd('/'));
            web.WithUncheckedStateCallerKey();
            web.UseSetting("Redemption:RetryIntervals:0", "00:00:00.100");
            web.UseSetting("Redemption:RetryIntervals:1", "00:00:00.200");
            // Generous: on a loaded machine the first redemption (JIT, service discovery) takes seconds.
            web.ConfigureTestServices(services => services.AddMassTransitTestHarness(bus => bus.SetTestTimeouts(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30))));
        });
        _ = _service.Server;
        await Harness.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _state.DisposeAsync();
    }

    [Fact]
    public async Task A_redeemed_token_publishes_the_welcome_naming_the_handoff()
    {
        var request = Request("redeemable");

        await Harness.Bus.Publish(request, Cancellation);
        var restored = await FirstPublishedAsync<HandoffContextRestored>(request.CorrelationId, message => message.CorrelationId);

        Assert.Equal((request.Conversation, request.Reference, request.RequestedAt), (restored.Conversation, restored.Reference, restored.RequestedAt));
    }

    [Fact]
    public async Task A_rejected_token_publishes_the_rejection_with_its_reason()
    {
        var request = Request("expired");

        await Harness.Bus.Publish(request, Cancellation);
        var rejected = await FirstPublishedAsync<HandoffRejected>(request.CorrelationId, message => message.CorrelationId);

        Assert.Equal(HandoffRejectionReason.Expired, rejected.Reason);
    }

    [Fact]
    public async Task When_the_state_service_stays_down_the_user_hears_once_that_it_is_delayed_then_after_the_retries_that_it_failed()
    {
        var request = Request("down");

        await Harness.Bus.Publish(request, Cancellation);
        var rejected = await FirstPublishedAsync<HandoffRejected>(request.CorrelationId, message => message.CorrelationId);
        var delays = await PublishedSoFarAsync<HandoffDelayed>(message => message.CorrelationId == request.CorrelationId);

        Assert.Equal(HandoffRejectionReason.StateUnavailable, rejected.Reason);
        Assert.Equal(1, delays);
        // The first attempt and one per retry interval (a POST is not retried by the client itself).
        Assert.Equal(3, _redeems["down"]);
    }

    private async Task<T> FirstPublishedAsync<T>(Guid correlationId, Func<T, Guid> correlationOf) where T : class
    {
        await foreach (var message in Harness.Published.SelectAsync<T>(message => correlationOf(message.Context.Message) == correlationId, Cancellation))
        {
            return message.Context.Message;
        }

        throw new TimeoutException($"No {typeof(T).Name} was published for handoff {correlationId}.");
    }

    /// <summary>What has been published already: the harness's list, read without waiting for more (a cancelled read).</summary>
    private async Task<int> PublishedSoFarAsync<T>(Func<T, bool> filter) where T : class
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        var count = 0;
        try
        {
            await foreach (var _ in Harness.Published.SelectAsync<T>(message => filter(message.Context.Message), now.Token))
            {
                count++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return count;
    }

    private static HandoffRequested Request(string token) => new(Guid.NewGuid(), token, "aad-1", "tenant-1",
        new ConversationAddress("msteams", "https://smba.trafficmanager.net/amer/", "a:1", "28:bot", "29:user", "tenant-1"),
        DateTimeOffset.UtcNow, "H7K2M-9QXDA");

    private static ActiveTask OffsitePlan() => new(new HandoffContext("plan the offsite", "continueInChat",
        new TaskItem("offsite", "Plan a team offsite", "d", ["Poll dates", "Book"]), "aad-1", "tenant-1", "en-US",
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10)), 0, DateTimeOffset.UtcNow);
}

using Handoff.AppHost.Services;
using System.Net;
using Handoff.TestSupport.Processes;
using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// A broker that stops answering (SIGSTOP, then SIGCONT) under a real handoff, on a system of the test's
/// own so the pause does not disturb the other tests. The user is told, and nothing is dropped.
/// </summary>
[Collection(TestStreams.Behaviour)]
public sealed class FaultTests
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    [Fact]
    public async Task While_redis_is_unresponsive_the_user_hears_the_handoff_is_delayed_and_it_completes_when_redis_is_back()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AspireAppHost.StartAsync(TestContext.Current.CancellationToken);
        var user = new TeamsChannel(host.MessagesEndpoint, connector.ServiceUrl, "tenant-faults");
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("write my weekly status update"));
        var redis = host.ProcessOf("redis");

        PosixSignals.Signal(redis, SigStop);
        try
        {
            var click = await user.ClickAsync(cards[0].Token);
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
            var delayed = (await connector.WaitForMessagesAsync(user.ConversationId, 1, TimeSpan.FromSeconds(45)))[0];
            Assert.Contains("a service is slow right now", delayed.Text, StringComparison.Ordinal);
        }
        finally
        {
            PosixSignals.Signal(redis, SigCont);
        }

        var messages = await connector.WaitForMessagesAsync(user.ConversationId, 2, TimeSpan.FromSeconds(60));
        Assert.Equal("Continuing from Copilot: write my weekly status update", messages[1].Text);
        Assert.Contains("step 1 of 4", messages[1].CardText, StringComparison.Ordinal);
        // The delay notice says the user is waiting: no typing indicator beside it, so two calls in all.
        Assert.Equal(2, connector.In(user.ConversationId).Count);
    }

    [Fact]
    public async Task While_rabbitmq_is_unresponsive_a_click_is_still_welcomed_once()
    {
        await using var connector = await RecordingConnector.StartAsync();
        await using var host = await AspireAppHost.StartAsync(TestContext.Current.CancellationToken);
        var user = new TeamsChannel(host.MessagesEndpoint, connector.ServiceUrl, "tenant-faults");
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("plan a team offsite"));
        var rabbitMq = host.ProcessOf("rabbitmq");

        PosixSignals.Signal(rabbitMq, SigStop);
        try
        {
            var click = await user.ClickAsync(cards[0].Token);
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
            var welcome = await connector.WaitForMessagesAsync(user.ConversationId, 1, TimeSpan.FromSeconds(30));
            Assert.Equal("Continuing from Copilot: plan a team offsite", welcome[0].Text);
        }
        finally
        {
            PosixSignals.Signal(rabbitMq, SigCont);
        }

        // Whatever RabbitMQ still delivers after it wakes up must not welcome the user a second time.
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(1, connector.In(user.ConversationId).Count(activity => activity.Type == "message"));
    }
}

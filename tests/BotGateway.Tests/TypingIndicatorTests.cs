using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Handoff.Policy;
using Handoff.BotGateway.Handoff.Resumption;
using Handoff.Contracts.Clients;
using Handoff.Contracts.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.BotGateway.Tests;

/// <summary>The typing rule: nothing before the delay; then typing only when ConversationState says the user is still waiting.</summary>
public sealed class TypingIndicatorTests
{
    private static readonly ConversationAddress Address = new("msteams", "http://127.0.0.1:1/", "a:chat", "28:bot", "29:user");

    private readonly FakeTimeProvider _time = new();
    private readonly BackgroundSends _sends = new();

    [Fact]
    public async Task Nothing_is_asked_or_sent_before_the_delay_and_typing_follows_when_the_user_is_still_waiting()
    {
        var asked = 0;
        var typing = Indicator(TimeSpan.FromSeconds(1));

        var run = typing.WaitThenTypeAsync(Address, _ => { asked++; return Task.FromResult(true); }, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Yield();

        Assert.Equal(0, asked);
        Assert.False(run.IsCompleted);
        Assert.False(_sends.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await run);
        Assert.Equal(1, asked);
        Assert.True(_sends.Reader.TryRead(out var sent));
        Assert.Equal("typing", sent.Activity.Type);
    }

    [Fact]
    public async Task No_typing_when_an_outcome_was_decided_within_the_delay()
    {
        var typing = Indicator(TimeSpan.FromSeconds(1));

        var run = typing.WaitThenTypeAsync(Address, _ => Task.FromResult(false), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await run);
        Assert.False(_sends.Reader.TryRead(out _));
    }

    [Fact]
    public async Task No_typing_when_the_state_service_cannot_be_asked_since_the_delay_notice_says_it_instead()
    {
        var typing = Indicator(TimeSpan.FromMilliseconds(500));

        var run = typing.WaitThenTypeAsync(Address,
            _ => throw new ConversationStateException(System.Net.HttpStatusCode.ServiceUnavailable, "redis down"), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.False(await run);
        Assert.False(_sends.Reader.TryRead(out _));
    }

    private TypingIndicator Indicator(TimeSpan delay) => new(_sends, new ConversationStateClient(new HttpClient()), _time,
        Options.Create(new HandoffPolicyOptions { TypingDelay = delay }), NullLogger<TypingIndicator>.Instance);
}

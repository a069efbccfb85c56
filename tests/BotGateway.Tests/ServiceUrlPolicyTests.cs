using Handoff.BotGateway.BotFramework.Connector;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests;

public sealed class ServiceUrlPolicyTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://europe.webchat.botframework.com/")]
    [InlineData("https://canary.teams.microsoft.com/")]
    public void Teams_connector_hosts_are_allowed_by_default(string url) =>
        Assert.True(Policy(loopback: false).IsAllowed(new Uri(url), out _));

    [Theory]
    [InlineData("https://evil.example.com/", "not an allowed")]
    [InlineData("https://botframework.com.evil.example/", "not an allowed")]
    [InlineData("https://evilbotframework.com/", "not an allowed")]
    [InlineData("http://smba.trafficmanager.net/amer/", "must use https")]
    [InlineData("http://localhost:56150/_connector", "loopback")]
    [InlineData("http://127.0.0.1:9/", "loopback")]
    [InlineData("http://[::1]:9/", "loopback")]
    public void Other_hosts_are_refused_with_the_reason(string url, string reason)
    {
        Assert.False(Policy(loopback: false).IsAllowed(new Uri(url), out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:56150/_connector")]
    [InlineData("http://127.0.0.1:9/")]
    [InlineData("http://[::1]:9/")]
    public void Loopback_is_allowed_when_switched_on(string url) =>
        Assert.True(Policy(loopback: true).IsAllowed(new Uri(url), out _));

    [Fact]
    public void A_configured_list_replaces_the_defaults()
    {
        var policy = new ServiceUrlPolicy(Options.Create(new ConnectorOptions { AllowedServiceHosts = ["connector.contoso.com"] }));

        Assert.True(policy.IsAllowed(new Uri("https://connector.contoso.com/"), out _));
        Assert.False(policy.IsAllowed(new Uri("https://smba.trafficmanager.net/amer/"), out _));
    }

    private static ServiceUrlPolicy Policy(bool loopback) => new(Options.Create(new ConnectorOptions { AllowLoopback = loopback }));
}

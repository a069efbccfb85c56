using System.Net;
using System.Text.Json.Nodes;
using Handoff.BotGateway.Tests.Authentication;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Handoff.BotGateway.Tests.Authentication.AuthenticatedGateway;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>A 401 says "unauthorized" and nothing else (no failed check, no echoed issuer); the detail is logged at Debug.</summary>
public sealed class UnauthorizedResponseTests(RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private const string ForgedIssuer = "https://issuer.attacker.example/";
    private AuthenticatedGateway _gateway = null!;
    private SigningKey _teamsKey = null!;

    public async ValueTask InitializeAsync()
    {
        _gateway = await StartAsync(rabbitMq.ConnectionString,
            web => web.UseSetting("Logging:LogLevel:Handoff", "Debug"),
            services => services.AddFakeLogging());
        _teamsKey = _gateway.Metadata.AddKey("msteams");
    }

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string> Refusals => ["no token", "not a jwt", "untrusted issuer", "wrong audience"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Every_401_body_says_only_unauthorized(string refusal)
    {
        var response = await _gateway.PostAsync(Token(refusal));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":{"code":"Unauthorized","message":"Unauthorized."}}""", JsonNode.Parse(body)!.ToJsonString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_detail_of_a_401_is_logged_at_debug_and_the_issuer_never_reaches_the_caller()
    {
        var response = await _gateway.PostAsync(Token("untrusted issuer"));
        var logs = _gateway.Services.GetFakeLogCollector().GetSnapshot();

        Assert.DoesNotContain("attacker", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains(logs, log => log.Level == LogLevel.Debug && log.Message.Contains("untrusted_issuer", StringComparison.Ordinal)
                                     && log.Message.Contains(ForgedIssuer, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, log => log.Level > LogLevel.Debug && log.Message.Contains(ForgedIssuer, StringComparison.Ordinal));
    }

    private string? Token(string refusal) => refusal switch
    {
        "no token" => null,
        "not a jwt" => "not-a-jwt",
        "untrusted issuer" => ChannelTokens.Create(_teamsKey, ForgedIssuer, AppId, ServiceUrl),
        "wrong audience" => ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, "another-app", ServiceUrl),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
    };
}

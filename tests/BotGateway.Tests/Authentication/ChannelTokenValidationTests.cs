using System.Net;
using Handoff.TestSupport;
using Microsoft.IdentityModel.Tokens;
using static Handoff.BotGateway.Tests.Authentication.AuthenticatedGateway;

namespace Handoff.BotGateway.Tests.Authentication;

/// <summary>Inbound Bot Framework authentication, one case per test, with our own keys and metadata on loopback.</summary>
public sealed class ChannelTokenValidationTests(RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private AuthenticatedGateway _gateway = null!;
    private SigningKey _teamsKey = null!;

    public async ValueTask InitializeAsync()
    {
        _gateway = await StartAsync(rabbitMq.ConnectionString);
        _teamsKey = _gateway.Metadata.AddKey("msteams", "webchat");
    }

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_valid_channel_token_is_accepted()
    {
        var response = await _gateway.PostAsync(ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task RS384_and_RS512_tokens_are_accepted(string algorithm)
    {
        var response = await _gateway.PostAsync(ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, AppId, ServiceUrl, algorithm: algorithm));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        var response = await _gateway.PostAsync(token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_body_is_not_read_before_authentication()
    {
        var response = await _gateway.PostAsync(token: null, body: "{ this is not json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_that_is_not_a_jwt_is_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsync("not-a-jwt")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, AppId, ServiceUrl, expires: DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_expired_within_the_five_minute_skew_is_accepted()
    {
        var token = ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, AppId, ServiceUrl, expires: DateTimeOffset.UtcNow.AddMinutes(-3));

        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        var token = ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, "another-bot", ServiceUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        var token = ChannelTokens.Create(_teamsKey, "https://evil.example.com", AppId, ServiceUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_whose_serviceurl_is_not_the_activitys_is_403()
    {
        var token = ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, AppId, "https://smba.trafficmanager.net/emea/");

        Assert.Equal(HttpStatusCode.Forbidden, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_bot_framework_token_without_a_serviceurl_claim_is_403()
    {
        var token = ChannelTokens.Create(_teamsKey, BotFrameworkIssuer, AppId, serviceUrl: null);

        Assert.Equal(HttpStatusCode.Forbidden, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_key_not_endorsed_for_the_activitys_channel_is_403()
    {
        var webchatOnly = _gateway.Metadata.AddKey("webchat");
        var token = ChannelTokens.Create(webchatOnly, BotFrameworkIssuer, AppId, ServiceUrl);

        Assert.Equal(HttpStatusCode.Forbidden, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_metadata_does_not_publish_is_401()
    {
        var attacker = new SigningKey(_teamsKey.Kid, System.Security.Cryptography.RSA.Create(2048), ["msteams"]);
        var token = ChannelTokens.Create(attacker, BotFrameworkIssuer, AppId, ServiceUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401()
    {
        var token = ChannelTokens.AlgNone(_teamsKey.Kid, BotFrameworkIssuer, AppId, ServiceUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task An_HS256_token_signed_with_the_public_key_as_secret_is_401()
    {
        var token = ChannelTokens.HmacWithPublicKey(_teamsKey, BotFrameworkIssuer, AppId, ServiceUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.PostAsync(token)).StatusCode);
    }

    [Theory]
    [InlineData("https://sts.windows.net/" + TenantId + "/")]
    [InlineData("https://login.microsoftonline.com/" + TenantId + "/v2.0")]
    public async Task Entra_issued_tokens_for_the_bots_tenant_are_accepted_with_their_own_metadata(string issuer)
    {
        var entraKey = _gateway.Metadata.AddKey();

        var response = await _gateway.PostAsync(ChannelTokens.Create(entraKey, issuer, AppId, ServiceUrl,
            extraClaims: new Dictionary<string, object> { ["azp"] = BotServiceCallerId }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Entra_issued_tokens_from_a_caller_not_allowed_are_401_even_in_the_bots_tenant()
    {
        var entraKey = _gateway.Metadata.AddKey();
        var otherApp = new Dictionary<string, object> { ["azp"] = "44444444-0000-0000-0000-000000000001" };

        var response = await _gateway.PostAsync(ChannelTokens.Create(entraKey, $"https://sts.windows.net/{TenantId}/", AppId, ServiceUrl, extraClaims: otherApp));
        var noCaller = await _gateway.PostAsync(ChannelTokens.Create(entraKey, $"https://sts.windows.net/{TenantId}/", AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noCaller.StatusCode);
    }

    [Fact]
    public async Task Entra_issued_tokens_for_another_tenant_are_401()
    {
        var entraKey = _gateway.Metadata.AddKey();

        var response = await _gateway.PostAsync(ChannelTokens.Create(entraKey, "https://sts.windows.net/another-tenant/", AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

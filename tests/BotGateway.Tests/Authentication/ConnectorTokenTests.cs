using System.Net;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Handoff.BotGateway.Tests.Authentication.AuthenticatedGateway;

namespace Handoff.BotGateway.Tests.Authentication;

/// <summary>Replies carry a token from the client-credentials flow (MSAL), against a local token endpoint.</summary>
public sealed class ConnectorTokenTests(RabbitMqFixture rabbitMq)
{
    private static readonly string[] ClassicKeys = ["MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "MicrosoftAppType", "ToChannelFromBotLoginUrl"];

    [Fact]
    public async Task Replies_carry_a_client_credentials_token_that_is_cached_between_sends()
    {
        await using var tokens = await TokenEndpointStandIn.StartAsync();
        await using var connector = await RecordingConnector.StartAsync();
        await using var gateway = await StartAsync(rabbitMq.ConnectionString,
            web => web.UseSetting("ToChannelFromBotLoginUrl", tokens.Authority(TenantId)),
            services => services.AddHttpClient(MsalConnectorCredentials.HttpClientName).ConfigurePrimaryHttpMessageHandler(tokens.TrustingHandler));
        var key = gateway.Metadata.AddKey("msteams");
        var serviceUrl = connector.ServiceUrl.AbsoluteUri;

        foreach (var text in new[] { "hello", "status" })
        {
            var body = $$$"""
                {"type":"message","id":"m-{{{text}}}","text":"{{{text}}}","channelId":"msteams","serviceUrl":"{{{serviceUrl}}}",
                 "conversation":{"id":"a:tokens"},"from":{"id":"29:u","aadObjectId":"aad"},"recipient":{"id":"28:{{{AppId}}}"} }
                """;
            var response = await gateway.PostAsync(ChannelTokens.Create(key, BotFrameworkIssuer, AppId, serviceUrl), body, serviceUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var replies = await connector.WaitForMessagesAsync("a:tokens", 2);
        Assert.All(replies, reply => Assert.Equal("Bearer connector-token-1", reply.Authorization));
        Assert.Equal(1, tokens.Issued);
        var form = Assert.Single(tokens.Requests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("test-secret", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task Outside_development_a_loopback_serviceUrl_is_refused_so_no_token_can_leak_there()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString, web => web.UseEnvironment("Production"));
        var key = gateway.Metadata.AddKey("msteams");

        var response = await gateway.PostAsync(ChannelTokens.Create(key, BotFrameworkIssuer, AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("loopback", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_configured_with_the_Agents_SDK_keys_only_checks_tokens_and_replies_with_its_credential()
    {
        await using var tokens = await TokenEndpointStandIn.StartAsync();
        await using var connector = await RecordingConnector.StartAsync();
        await using var gateway = await StartAsync(rabbitMq.ConnectionString, web =>
        {
            foreach (var classic in ClassicKeys)
            {
                web.UseSetting(classic, "");
            }

            web.UseSetting("Connections:ServiceConnection:Settings:AuthType", "ClientSecret");
            web.UseSetting("Connections:ServiceConnection:Settings:ClientId", AppId);
            web.UseSetting("Connections:ServiceConnection:Settings:ClientSecret", "sdk-secret");
            web.UseSetting("Connections:ServiceConnection:Settings:AuthorityEndpoint", tokens.Authority(TenantId));
            web.UseSetting("TokenValidation:Audiences:0", AppId);
            web.UseSetting("TokenValidation:TenantId", TenantId);
        }, services => services.AddHttpClient(MsalConnectorCredentials.HttpClientName).ConfigurePrimaryHttpMessageHandler(tokens.TrustingHandler));
        var key = gateway.Metadata.AddKey("msteams");
        var serviceUrl = connector.ServiceUrl.AbsoluteUri;
        var body = $$$"""
            {"type":"message","id":"m-sdk","text":"hello","channelId":"msteams","serviceUrl":"{{{serviceUrl}}}",
             "conversation":{"id":"a:sdk"},"from":{"id":"29:u","aadObjectId":"aad"},"recipient":{"id":"28:{{{AppId}}}"} }
            """;

        var wrongAudience = await gateway.PostAsync(ChannelTokens.Create(key, BotFrameworkIssuer, $"api://{AppId}", serviceUrl), body, serviceUrl);
        var response = await gateway.PostAsync(ChannelTokens.Create(key, BotFrameworkIssuer, AppId, serviceUrl), body, serviceUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await connector.WaitForMessagesAsync("a:sdk", 1));
        Assert.Equal("Bearer connector-token-1", reply.Authorization);
        var form = Assert.Single(tokens.Requests);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("sdk-secret", form["client_secret"]);
    }
}

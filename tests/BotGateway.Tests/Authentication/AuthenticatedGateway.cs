using System.Net.Http.Headers;
using System.Text;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.BotGateway.Tests.Authentication;

/// <summary>
/// The gateway with a real bot registration in its configuration: channel tokens are checked against a
/// local OpenID metadata stand-in, never Microsoft's endpoints.
/// </summary>
public sealed class AuthenticatedGateway : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string TenantId = "99999999-8888-7777-6666-555555555555";
    public const string ServiceUrl = "http://127.0.0.1:9/teams/";
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string BotServiceCallerId = "33333333-0000-0000-0000-000000000001";

    private WebApplicationFactory<Program> _factory = null!;

    public OpenIdMetadataStandIn Metadata { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public static async Task<AuthenticatedGateway> StartAsync(string rabbitMq, Action<IWebHostBuilder>? configure = null,
        Action<IServiceCollection>? services = null, TimeSpan? keyRefreshInterval = null)
    {
        var gateway = new AuthenticatedGateway { Metadata = await OpenIdMetadataStandIn.StartAsync() };
        gateway._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("MicrosoftAppId", AppId);
            web.UseSetting("MicrosoftAppPassword", "test-secret");
            web.UseSetting("MicrosoftAppTenantId", TenantId);
            web.UseSetting("MicrosoftAppType", "SingleTenant");
            web.UseSetting("ToBotFromChannelOpenIdMetadataUrl", gateway.Metadata.MetadataUrl("bf"));
            web.UseSetting("ToBotFromEntraOpenIdMetadataUrl", gateway.Metadata.MetadataUrl("{tenant}"));
            web.UseSetting("ToBotFromEntraAllowedCallers:0", BotServiceCallerId);
            // Replies in these tests go nowhere real: a token endpoint stand-in is set where a test needs one.
            web.UseSetting("ToChannelFromBotLoginUrl", $"https://127.0.0.1:{LoopbackPorts.Free()}/{TenantId}");
            web.UseSetting("SigningKeyRefreshInterval", (keyRefreshInterval ?? TimeSpan.FromMinutes(5)).ToString());
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq);
            web.WithOwnTurnQueue();
            web.UseSetting("services:conversationstate:http:0", $"http://127.0.0.1:{LoopbackPorts.Free()}");
            web.WithUncheckedStateCallerKey();
            configure?.Invoke(web);
            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });
        gateway.Http = gateway._factory.CreateClient();
        return gateway;
    }

    public async Task<HttpResponseMessage> PostAsync(string? token, string? body = null, string serviceUrl = ServiceUrl, string channelId = "msteams")
    {
        body ??= $$$"""
            {"type":"conversationUpdate","id":"1","channelId":"{{{channelId}}}","serviceUrl":"{{{serviceUrl}}}",
             "conversation":{"id":"a:1"},"from":{"id":"29:u","aadObjectId":"aad"},"recipient":{"id":"28:{{{AppId}}}"} }
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Metadata.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests.Authentication;

/// <summary>
/// UserAssignedMSI through MSAL's managed identity support, against a local stand-in for the managed
/// identity endpoint (App Service's IDENTITY_ENDPOINT form), so nothing reaches 169.254.169.254.
/// </summary>
public sealed class ManagedIdentityTests
{
    [Fact]
    public async Task A_user_assigned_managed_identity_gets_a_connector_token_for_its_client_id_and_caches_it()
    {
        var requests = new ConcurrentQueue<(string? Resource, string? ClientId, string Header)>();
        var (app, baseAddress) = await LoopbackServer.StartAsync(web => web.MapGet("/msi/token", (HttpRequest request) =>
        {
            requests.Enqueue((request.Query["resource"], request.Query["client_id"], request.Headers["X-IDENTITY-HEADER"].ToString()));
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = "msi-token-1",
                ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resource"] = "https://api.botframework.com",
                ["token_type"] = "Bearer",
            });
        }));
        await using var _ = app;
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", new Uri(baseAddress, "msi/token").AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", "local-secret");
        try
        {
            var services = new ServiceCollection();
            services.AddHttpClient(MsalConnectorCredentials.HttpClientName);
            using var provider = services.BuildServiceProvider();
            var credentials = new MsalConnectorCredentials(Options.Create(new BotIdentityOptions
            {
                MicrosoftAppId = "22222222-0000-0000-0000-000000000001",
                MicrosoftAppType = "UserAssignedMSI",
                MicrosoftAppTenantId = "99999999-8888-7777-6666-555555555555",
            }), provider.GetRequiredService<IHttpClientFactory>());

            var first = await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken);
            var second = await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken);

            Assert.Equal("msi-token-1", first);
            Assert.Equal(first, second);
            var request = Assert.Single(requests);
            Assert.Equal("https://api.botframework.com", request.Resource);
            Assert.Equal("22222222-0000-0000-0000-000000000001", request.ClientId);
            Assert.Equal("local-secret", request.Header);
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        }
    }
}

using System.Collections.Concurrent;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Tests.Configuration;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests.Authentication;

/// <summary>
/// Managed identities through MSAL's managed identity support, against a local stand-in for the managed identity
/// endpoint (App Service's IDENTITY_ENDPOINT form), so nothing reaches 169.254.169.254. One class, so its tests never
/// run at once: the endpoint is named by process-wide variables, and MSAL keeps the first source it detects.
/// </summary>
public sealed class ManagedIdentityTests : IAsyncLifetime
{
    private const string TenantId = "99999999-8888-7777-6666-555555555555";
    private readonly ConcurrentQueue<(string? Resource, string? ClientId, string Header)> _requests = new();
    private WebApplication _endpoint = null!;

    public async ValueTask InitializeAsync()
    {
        var (app, baseAddress) = await LoopbackServer.StartAsync(web => web.MapGet("/msi/token", (HttpRequest request) =>
        {
            _requests.Enqueue((request.Query["resource"], request.Query["client_id"], request.Headers["X-IDENTITY-HEADER"].ToString()));
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = $"msi-token-for-{request.Query["client_id"]}",
                ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resource"] = request.Query["resource"].ToString(),
                ["token_type"] = "Bearer",
            });
        }));
        _endpoint = app;
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", new Uri(baseAddress, "msi/token").AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", "local-secret");
    }

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task A_user_assigned_managed_identity_gets_a_connector_token_for_its_client_id_and_caches_it()
    {
        const string clientId = "22222222-0000-0000-0000-000000000001";
        var (credentials, services) = BoundSettings.Credentials(new BotIdentityOptions
        {
            MicrosoftAppId = clientId,
            MicrosoftAppType = "UserAssignedMSI",
            MicrosoftAppTenantId = TenantId,
        });
        await using var _ = services;

        var first = await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken);
        var second = await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal($"msi-token-for-{clientId}", first);
        Assert.Equal(first, second);
        var request = Assert.Single(_requests, request => request.ClientId == clientId);
        Assert.Equal("https://api.botframework.com", request.Resource);
        Assert.Equal("local-secret", request.Header);
    }

    [Fact]
    public async Task The_Agents_SDK_UserManagedIdentity_uses_the_connection_client_id()
    {
        const string clientId = "22222222-0000-0000-0000-000000000002";
        var (credentials, services) = BoundSettings.Credentials(BoundSettings.Bind(
            (BoundSettings.Prefix + "AuthType", "UserManagedIdentity"), (BoundSettings.Prefix + "ClientId", clientId)));
        await using var _ = services;

        Assert.Equal($"msi-token-for-{clientId}", await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken));
        Assert.Equal("https://api.botframework.com", Assert.Single(_requests, request => request.ClientId == clientId).Resource);
    }

    [Fact]
    public async Task Federated_credentials_send_the_managed_identitys_token_exchange_token_as_the_apps_assertion()
    {
        const string appId = "44444444-0000-0000-0000-000000000003";
        const string identityId = "22222222-0000-0000-0000-000000000003";
        await using var tokens = await TokenEndpointStandIn.StartAsync();
        var (credentials, services) = BoundSettings.Credentials(BoundSettings.Bind(
            (BoundSettings.Prefix + "AuthType", "FederatedCredentials"), (BoundSettings.Prefix + "ClientId", appId),
            (BoundSettings.Prefix + "FederatedClientId", identityId), (BoundSettings.Prefix + "AuthorityEndpoint", tokens.Authority(TenantId))),
            tokens.TrustingHandler);
        await using var _ = services;

        Assert.Equal("connector-token-1", await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken));

        Assert.Equal("api://AzureADTokenExchange", Assert.Single(_requests, request => request.ClientId == identityId).Resource);
        var form = Assert.Single(tokens.Requests);
        Assert.Equal(appId, form["client_id"]);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        Assert.Equal($"msi-token-for-{identityId}", form["client_assertion"]);
    }
}

using Handoff.BotGateway.BotFramework.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Tokens for the Bot Connector from Entra: the client-credentials flow for MultiTenant and SingleTenant
/// registrations (authority <c>ToChannelFromBotLoginUrl</c> or the tenant), a user-assigned managed identity
/// for UserAssignedMSI. MSAL caches each token and renews it shortly before it expires.
/// </summary>
public sealed class MsalConnectorCredentials : IConnectorCredentials
{
    public const string HttpClientName = "msal";

    private readonly IConfidentialClientApplication? _confidential;
    private readonly IManagedIdentityApplication? _managedIdentity;
    private readonly string _scope;

    public MsalConnectorCredentials(IOptions<BotIdentityOptions> options, IHttpClientFactory httpClients)
    {
        var settings = options.Value;
        _scope = settings.ToChannelFromBotOAuthScope;
        var http = new MsalHttpClientFactory(httpClients);
        if (settings.AppType == BotAppType.UserAssignedMSI)
        {
            _managedIdentity = ManagedIdentityApplicationBuilder
                .Create(ManagedIdentityId.WithUserAssignedClientId(settings.MicrosoftAppId!))
                .WithHttpClientFactory(http)
                .Build();
        }
        else
        {
            _confidential = ConfidentialClientApplicationBuilder
                .Create(settings.MicrosoftAppId)
                .WithClientSecret(settings.MicrosoftAppPassword)
                .WithAuthority(settings.OutboundAuthority, validateAuthority: false)
                // Instance discovery would call login.microsoftonline.com whatever the authority; the
                // authority is configured explicitly, so nothing needs discovering.
                .WithInstanceDiscovery(false)
                .WithHttpClientFactory(http)
                .Build();
        }
    }

    public async ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_managedIdentity is not null)
        {
            // Managed identity takes a resource, not a scope.
            var resource = _scope.EndsWith("/.default", StringComparison.Ordinal) ? _scope[..^"/.default".Length] : _scope;
            return (await _managedIdentity.AcquireTokenForManagedIdentity(resource).ExecuteAsync(cancellationToken)).AccessToken;
        }

        return (await _confidential!.AcquireTokenForClient([_scope]).ExecuteAsync(cancellationToken)).AccessToken;
    }

    /// <summary>MSAL's HTTP goes through IHttpClientFactory, so it is traced and its handler can be configured.</summary>
    private sealed class MsalHttpClientFactory(IHttpClientFactory httpClients) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => httpClients.CreateClient(HttpClientName);
    }
}

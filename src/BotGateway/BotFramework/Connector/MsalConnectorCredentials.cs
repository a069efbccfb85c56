using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Tokens for the Bot Connector from Entra through MSAL, for each credential kind (<see cref="BotCredential"/>):
/// the client-credentials flow with a secret, a certificate, a managed identity's token as the assertion
/// (FederatedCredentials) or the pod's projected service-account token (WorkloadIdentity); or a user-assigned
/// managed identity itself. MSAL caches each token and renews it shortly before it expires; one acquisition runs at a
/// time, so concurrent sends that find the cache empty (the first turns after a start, answered in parallel) ask Entra
/// once, not once each.
/// </summary>
public sealed class MsalConnectorCredentials : IConnectorCredentials, IDisposable
{
    public const string HttpClientName = "msal";

    /// <summary>The audience Entra expects of a federated assertion (workload identity federation).</summary>
    public const string TokenExchangeResource = "api://AzureADTokenExchange";

    private readonly IConfidentialClientApplication? _confidential;
    private readonly IManagedIdentityApplication? _managedIdentity;
    private readonly string _scope;
    private readonly SemaphoreSlim _acquiring = new(1, 1);

    public MsalConnectorCredentials(IOptions<BotIdentityOptions> options, IHttpClientFactory httpClients)
    {
        var failures = new List<string>();
        var credential = BotCredentialResolver.Resolve(options.Value, failures)
                         ?? throw new InvalidOperationException($"The bot's credential is not configured: {string.Join(" ", failures)}");
        _scope = credential.Scope;
        var http = new MsalHttpClientFactory(httpClients);
        if (credential.Kind == CredentialKind.UserManagedIdentity)
        {
            _managedIdentity = ManagedIdentity(credential.ClientId, http);
            return;
        }

        var builder = ConfidentialClientApplicationBuilder
            .Create(credential.ClientId)
            .WithAuthority(credential.Authority, validateAuthority: false)
            // Instance discovery would call login.microsoftonline.com whatever the authority; the
            // authority is configured explicitly, so nothing needs discovering.
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(http);
        _confidential = (credential.Kind switch
        {
            CredentialKind.Certificate => builder.WithCertificate(CertificateLoader.Load(credential.Certificate!), credential.Certificate!.SendX5C),
            CredentialKind.FederatedCredentials => builder.WithClientAssertion(ManagedIdentityAssertion(ManagedIdentity(credential.FederatedClientId!, http))),
            // The kubelet rotates the projected token in place: read it for each new assertion.
            CredentialKind.WorkloadIdentity => builder.WithClientAssertion(async (AssertionRequestOptions request) =>
                (await File.ReadAllTextAsync(credential.FederatedTokenFile!, request.CancellationToken)).Trim()),
            _ => builder.WithClientSecret(credential.ClientSecret),
        }).Build();
    }

    public async ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        await _acquiring.WaitAsync(cancellationToken);
        try
        {
            if (_managedIdentity is not null)
            {
                return (await _managedIdentity.AcquireTokenForManagedIdentity(Resource(_scope)).ExecuteAsync(cancellationToken)).AccessToken;
            }

            return (await _confidential!.AcquireTokenForClient([_scope]).ExecuteAsync(cancellationToken)).AccessToken;
        }
        finally
        {
            _acquiring.Release();
        }
    }

    public void Dispose() => _acquiring.Dispose();

    private static IManagedIdentityApplication ManagedIdentity(string clientId, IMsalHttpClientFactory http) =>
        ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(clientId)).WithHttpClientFactory(http).Build();

    /// <summary>The managed identity's token for <see cref="TokenExchangeResource"/> is the app's client assertion (MSAL caches it).</summary>
    private static Func<AssertionRequestOptions, Task<string>> ManagedIdentityAssertion(IManagedIdentityApplication identity) =>
        async request => (await identity.AcquireTokenForManagedIdentity(TokenExchangeResource).ExecuteAsync(request.CancellationToken)).AccessToken;

    /// <summary>Managed identity takes a resource, not a scope.</summary>
    private static string Resource(string scope) => scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : scope;

    /// <summary>MSAL's HTTP goes through IHttpClientFactory, so it is traced and its handler can be configured.</summary>
    private sealed class MsalHttpClientFactory(IHttpClientFactory httpClients) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => httpClients.CreateClient(HttpClientName);
    }
}

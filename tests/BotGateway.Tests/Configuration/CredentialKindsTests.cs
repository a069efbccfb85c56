using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.BotGateway.BotFramework.Configuration;
using Handoff.TestSupport;
using Microsoft.IdentityModel.Tokens;
using static Handoff.BotGateway.Tests.Configuration.BoundSettings;

namespace Handoff.BotGateway.Tests.Configuration;

/// <summary>
/// Each credential kind of <c>Connections:ServiceConnection:Settings</c> gets a connector token from a local stand-in
/// for Entra's token endpoint, with what Entra expects of that kind in the request.
/// </summary>
public sealed class CredentialKindsTests : IAsyncLifetime
{
    private const string AppId = "44444444-0000-0000-0000-000000000001";
    private const string Tenant = "99999999-8888-7777-6666-555555555555";
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly string _directory = Directory.CreateTempSubdirectory("handoff-credentials-").FullName;
    private TokenEndpointStandIn _tokens = null!;

    public async ValueTask InitializeAsync() => _tokens = await TokenEndpointStandIn.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _tokens.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_client_secret_is_sent_with_the_client_id_and_the_configured_scope()
    {
        var form = await TokenRequestAsync(("AuthType", "ClientSecret"), ("ClientSecret", "sdk-secret"), ("Scopes:0", "https://api.botframework.com/.default"));

        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("sdk-secret", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task A_certificate_from_a_pfx_file_signs_the_client_assertion()
    {
        using var certificate = NewCertificate();
        var file = Path.Combine(_directory, "bot.pfx");
        await File.WriteAllBytesAsync(file, certificate.Export(X509ContentType.Pfx, "pfx-password"), TestContext.Current.CancellationToken);

        var form = await TokenRequestAsync(("AuthType", "Certificate"), ("CertFile", file), ("CertPassword", "pfx-password"));

        AssertSignedBy(certificate, form);
    }

    [Fact]
    public async Task A_certificate_and_key_from_pem_files_sign_the_client_assertion()
    {
        using var certificate = NewCertificate();
        var certificateFile = Path.Combine(_directory, "bot.pem");
        var keyFile = Path.Combine(_directory, "bot.key");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(keyFile, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

        var form = await TokenRequestAsync(("AuthType", "Certificate"), ("CertFile", certificateFile), ("CertKeyFile", keyFile));

        AssertSignedBy(certificate, form);
    }

    [Fact]
    public async Task Workload_identity_sends_the_projected_token_named_by_AZURE_FEDERATED_TOKEN_FILE()
    {
        var tokenFile = Path.Combine(_directory, "azure-identity-token");
        await File.WriteAllTextAsync(tokenFile, "projected-service-account-token\n", TestContext.Current.CancellationToken);
        Environment.SetEnvironmentVariable(BotCredentialResolver.FederatedTokenFileVariable, tokenFile);
        try
        {
            var form = await TokenRequestAsync(("AuthType", "WorkloadIdentity"));

            Assert.Equal(JwtBearer, form["client_assertion_type"]);
            Assert.Equal("projected-service-account-token", form["client_assertion"]);
            Assert.Equal(AppId, form["client_id"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(BotCredentialResolver.FederatedTokenFileVariable, null);
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> TokenRequestAsync(params (string Key, string Value)[] settings)
    {
        var options = Bind([.. settings.Select(setting => (Prefix + setting.Key, (string?)setting.Value)),
            (Prefix + "ClientId", AppId), (Prefix + "AuthorityEndpoint", _tokens.Authority(Tenant))]);
        var (credentials, services) = Credentials(options, _tokens.TrustingHandler);
        await using var _ = services;

        Assert.Equal("connector-token-1", await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken));
        Assert.Equal("connector-token-1", await credentials.GetAccessTokenAsync(TestContext.Current.CancellationToken));
        return Assert.Single(_tokens.Requests);
    }

    /// <summary>The assertion is a JWT for our app, to the token endpoint, signed with the certificate's key and naming it.</summary>
    private void AssertSignedBy(X509Certificate2 certificate, IReadOnlyDictionary<string, string> form)
    {
        Assert.Equal(JwtBearer, form["client_assertion_type"]);
        Assert.False(form.ContainsKey("client_secret"));
        var parts = form["client_assertion"].Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!;
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
        Assert.Equal(AppId, (string?)payload["iss"]);
        Assert.Equal(AppId, (string?)payload["sub"]);
        Assert.StartsWith(_tokens.Authority(Tenant), (string?)payload["aud"], StringComparison.Ordinal);
        // MSAL names the certificate by its SHA-1 (x5t) or SHA-256 (x5t#S256) thumbprint, depending on version.
        Assert.True(Base64UrlEncoder.Encode(certificate.GetCertHash()) == (string?)header["x5t"]
                    || Base64UrlEncoder.Encode(certificate.GetCertHash(HashAlgorithmName.SHA256)) == (string?)header["x5t#S256"], header.ToJsonString());
        var signedBy = Assert.IsType<string>((string?)header["alg"]) switch
        {
            "PS256" => RSASignaturePadding.Pss,
            _ => RSASignaturePadding.Pkcs1,
        };
        Assert.True(certificate.GetRSAPublicKey()!.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlEncoder.DecodeBytes(parts[2]),
            HashAlgorithmName.SHA256, signedBy));
    }

    private static X509Certificate2 NewCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={AppId}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}

using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using static Handoff.BotGateway.Tests.Configuration.BoundSettings;

namespace Handoff.BotGateway.Tests.Configuration;

/// <summary>The Agents SDK's Connections and TokenValidation keys: each misconfiguration stops start-up naming the key to fix.</summary>
public sealed class ServiceConnectionValidationTests
{
    private const string AppId = "00000000-0000-0000-0000-000000000001";
    private const string Tenant = "00000000-0000-0000-0000-0000000000aa";

    public static TheoryData<string, string[]> Misconfigurations => new()
    {
        { Prefix + "ClientId", [Prefix + "ClientSecret=s", Prefix + "TenantId=" + Tenant] },
        { Prefix + "ClientSecret", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant] },
        { Prefix + "TenantId", [Prefix + "ClientId=" + AppId, Prefix + "ClientSecret=s"] },
        { Prefix + "AuthorityEndpoint", [Prefix + "ClientId=" + AppId, Prefix + "ClientSecret=s", Prefix + "AuthorityEndpoint=http://login.example/t"] },
        { Prefix + "AuthType", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=Kerberos"] },
        { Prefix + "AuthType", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=SystemManagedIdentity"] },
        { Prefix + "CertThumbprint", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=Certificate"] },
        { Prefix + "CertFile", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=Certificate", Prefix + "CertFile=/nonexistent/bot.pfx"] },
        { Prefix + "CertThumbprint", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=Certificate", Prefix + "CertThumbprint=0000000000000000000000000000000000000000"] },
        { Prefix + "CertSubjectName", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=CertificateSubjectName"] },
        { Prefix + "FederatedClientId", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=FederatedCredentials"] },
        { Prefix + "FederatedTokenFile", [Prefix + "ClientId=" + AppId, Prefix + "TenantId=" + Tenant, Prefix + "AuthType=WorkloadIdentity", Prefix + "FederatedTokenFile=/nonexistent/token"] },
        { Prefix + "Scopes", [Prefix + "ClientId=" + AppId, Prefix + "ClientSecret=s", Prefix + "TenantId=" + Tenant, Prefix + "Scopes:0=a/.default", Prefix + "Scopes:1=b/.default"] },
        { "MicrosoftAppId", ["MicrosoftAppId=00000000-0000-0000-0000-000000000009", Prefix + "ClientId=" + AppId, Prefix + "ClientSecret=s", Prefix + "TenantId=" + Tenant] },
        { "TokenValidation:ValidIssuers", [Prefix + "ClientId=" + AppId, Prefix + "ClientSecret=s", Prefix + "TenantId=" + Tenant, "TokenValidation:ValidIssuers:0=https://issuer.example/"] },
        { "TokenValidation:Audiences", [Prefix + "ClientId=" + AppId, Prefix + "ClientSecret=s", Prefix + "TenantId=" + Tenant, "TokenValidation:Audiences:0=", "TokenValidation:Audiences:1=" + AppId] },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void A_misconfigured_service_connection_names_the_key(string key, string[] settings)
    {
        var result = new BotIdentityOptionsValidator(new Production()).Validate(null, Bind(settings.Select(Split).ToArray()));

        Assert.True(result.Failed, $"expected a failure naming {key}");
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Workload_identity_without_a_token_file_or_AZURE_FEDERATED_TOKEN_FILE_names_both()
    {
        var failures = new List<string>();
        var options = Bind((Prefix + "ClientId", AppId), (Prefix + "TenantId", Tenant), (Prefix + "AuthType", "WorkloadIdentity"));

        Assert.Null(BotCredentialResolver.Resolve(options, failures, _ => null));

        var failure = Assert.Single(failures);
        Assert.Contains(Prefix + "FederatedTokenFile", failure, StringComparison.Ordinal);
        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_connection_alone_is_a_registration_and_its_client_id_is_the_bot()
    {
        var options = Bind((Prefix + "ClientId", AppId), (Prefix + "ClientSecret", "s"), (Prefix + "TenantId", Tenant));

        Assert.True(new BotIdentityOptionsValidator(new Production()).Validate(null, options).Succeeded);
        Assert.False(options.IsDevelopmentMode);
        Assert.Equal(AppId, options.AppId);
        Assert.Equal([AppId, $"api://{AppId}"], options.InboundAudiences);
        Assert.Equal(Tenant, options.InboundTenantId);
        var credential = BotCredentialResolver.Resolve(options, [])!;
        Assert.Equal(CredentialKind.ClientSecret, credential.Kind);
        Assert.Equal($"https://login.microsoftonline.com/{Tenant}", credential.Authority);
        Assert.Equal("https://api.botframework.com/.default", credential.Scope);
    }

    [Fact]
    public void TokenValidation_names_the_audiences_and_the_tenant_of_Entra_tokens()
    {
        var options = Bind((Prefix + "ClientId", AppId), (Prefix + "ClientSecret", "s"), (Prefix + "TenantId", Tenant),
            ("TokenValidation:Audiences:0", "api://bot"), ("TokenValidation:TenantId", "00000000-0000-0000-0000-0000000000bb"),
            ("TokenValidation:ValidIssuers:0", "https://api.botframework.com"));

        Assert.True(new BotIdentityOptionsValidator(new Production()).Validate(null, options).Succeeded);
        Assert.Equal(["api://bot"], options.InboundAudiences);
        Assert.Equal("00000000-0000-0000-0000-0000000000bb", options.InboundTenantId);
        Assert.True(options.IsListedIssuer("https://api.botframework.com"));
        Assert.False(options.IsListedIssuer("https://sts.windows.net/00000000-0000-0000-0000-0000000000bb/"));
    }

    private static (string, string?) Split(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        return (setting[..equals], setting[(equals + 1)..]);
    }

    private sealed class Production : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "BotGateway";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

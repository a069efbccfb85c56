namespace Handoff.BotGateway.BotFramework.Configuration;

/// <summary>
/// <c>Connections:ServiceConnection:Settings</c>, the Microsoft 365 Agents SDK's keys for the bot's own identity
/// (its <c>ConnectionSettings</c>, with the same names and defaults), so an Agents SDK project's settings drop in.
/// <see cref="CertFile"/>, <see cref="CertKeyFile"/> and <see cref="CertPassword"/> are ours: a certificate mounted as
/// a file, as Kubernetes does, where the SDK reads only the current user's certificate store.
/// </summary>
public sealed class ServiceConnectionSettings
{
    /// <summary><c>ClientSecret</c> (the default), <c>Certificate</c>, <c>CertificateSubjectName</c>, <c>UserManagedIdentity</c>, <c>FederatedCredentials</c> or <c>WorkloadIdentity</c>.</summary>
    public string? AuthType { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? TenantId { get; set; }

    /// <summary>The token authority, e.g. <c>https://login.microsoftonline.com/{tenant}</c>; else built from <see cref="TenantId"/>.</summary>
    public string? AuthorityEndpoint { get; set; }

    /// <summary>The scope of connector tokens; empty means <c>https://api.botframework.com/.default</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    public string? CertThumbprint { get; set; }

    public string? CertSubjectName { get; set; }

    public string CertStoreName { get; set; } = "My";

    public bool ValidCertificateOnly { get; set; } = true;

    /// <summary>Send the certificate chain (x5c) with each assertion, for subject-name/issuer authentication.</summary>
    public bool SendX5C { get; set; }

    /// <summary>A PKCS#12 (.pfx) or PEM certificate file with its private key, or with the key in <see cref="CertKeyFile"/>.</summary>
    public string? CertFile { get; set; }

    public string? CertKeyFile { get; set; }

    public string? CertPassword { get; set; }

    /// <summary>FederatedCredentials: the client id of the user-assigned managed identity whose token is the app's assertion.</summary>
    public string? FederatedClientId { get; set; }

    /// <summary>WorkloadIdentity: the projected service account token; empty means <c>AZURE_FEDERATED_TOKEN_FILE</c>.</summary>
    public string? FederatedTokenFile { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(AuthType) && string.IsNullOrWhiteSpace(ClientId) && string.IsNullOrWhiteSpace(ClientSecret)
        && string.IsNullOrWhiteSpace(TenantId) && string.IsNullOrWhiteSpace(AuthorityEndpoint);
}

/// <summary>One entry under <c>Connections</c>.</summary>
public sealed class AgentsConnection
{
    public ServiceConnectionSettings Settings { get; set; } = new();
}

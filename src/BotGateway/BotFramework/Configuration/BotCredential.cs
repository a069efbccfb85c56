namespace Handoff.BotGateway.BotFramework.Configuration;

/// <summary>How the bot proves who it is to Entra for connector tokens, resolved from either set of keys.</summary>
public enum CredentialKind
{
    ClientSecret,
    Certificate,
    UserManagedIdentity,
    FederatedCredentials,
    WorkloadIdentity,
}

/// <summary>
/// The bot's identity for replies, from the classic root keys or <c>Connections:ServiceConnection:Settings</c>
/// (<see cref="BotCredentialResolver"/>). <paramref name="Authority"/> is unused for a managed identity.
/// </summary>
public sealed record BotCredential(
    CredentialKind Kind,
    string ClientId,
    string Authority,
    string Scope,
    string? ClientSecret = null,
    CertificateReference? Certificate = null,
    string? FederatedClientId = null,
    string? FederatedTokenFile = null);

/// <summary>Where the certificate is: a store entry by thumbprint or subject, or a file.</summary>
public sealed record CertificateReference(
    string? Thumbprint,
    string? SubjectName,
    string StoreName,
    bool ValidOnly,
    string? File,
    string? KeyFile,
    string? Password,
    bool SendX5C);

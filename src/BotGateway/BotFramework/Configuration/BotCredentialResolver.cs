using Handoff.BotGateway.BotFramework.Authentication;

namespace Handoff.BotGateway.BotFramework.Configuration;

/// <summary>
/// Resolves the bot's credential from the Agents SDK's <c>Connections:ServiceConnection:Settings</c> when it is set,
/// else from the classic <c>MicrosoftApp*</c> keys, collecting every misconfiguration with the exact key to fix.
/// Classic keys: an empty <c>MicrosoftAppType</c> with a tenant is SingleTenant (new Azure Bot registrations are);
/// MultiTenant must be said, as registrations of that kind are deprecated.
/// </summary>
public static class BotCredentialResolver
{
    public const string SettingsPrefix = "Connections:" + BotIdentityOptions.ServiceConnectionName + ":Settings:";
    public const string FederatedTokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";

    private static readonly string[] AuthTypes =
        ["ClientSecret", "Certificate", "CertificateSubjectName", "UserManagedIdentity", "FederatedCredentials", "WorkloadIdentity"];

    /// <summary>Null when there is no identity (development mode) or when <paramref name="failures"/> got entries.</summary>
    public static BotCredential? Resolve(BotIdentityOptions options, List<string> failures, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return options.ServiceConnection is { IsEmpty: false } settings
            ? FromServiceConnection(options, settings, failures, environment)
            : FromClassicKeys(options, failures);
    }

    private static BotCredential? FromServiceConnection(BotIdentityOptions options, ServiceConnectionSettings settings, List<string> failures,
        Func<string, string?> environment)
    {
        var start = failures.Count;
        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            failures.Add($"{SettingsPrefix}ClientId is required: the bot's app id.");
        }
        else if (!string.IsNullOrWhiteSpace(options.MicrosoftAppId) && !string.Equals(options.MicrosoftAppId, settings.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"MicrosoftAppId '{options.MicrosoftAppId}' and {SettingsPrefix}ClientId '{settings.ClientId}' name different apps: keep one of them.");
        }

        var authType = string.IsNullOrWhiteSpace(settings.AuthType) ? "ClientSecret" : settings.AuthType;
        var known = AuthTypes.FirstOrDefault(type => string.Equals(type, authType, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            failures.Add(string.Equals(authType, "SystemManagedIdentity", StringComparison.OrdinalIgnoreCase)
                ? $"{SettingsPrefix}AuthType SystemManagedIdentity cannot be an Azure Bot's identity: use UserManagedIdentity with the identity's client id."
                : $"{SettingsPrefix}AuthType '{authType}' is not one of {string.Join(", ", AuthTypes)}.");
            return null;
        }

        if (settings.Scopes.Count > 1 || settings.Scopes.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{SettingsPrefix}Scopes must hold one scope, the Bot Connector's (https://api.botframework.com/.default by default).");
        }

        var scope = settings.Scopes.Count == 1 ? settings.Scopes[0] : options.ToChannelFromBotOAuthScope;
        var authority = !string.IsNullOrWhiteSpace(settings.AuthorityEndpoint) ? settings.AuthorityEndpoint.TrimEnd('/')
            : !string.IsNullOrWhiteSpace(settings.TenantId) ? $"{BotIdentityOptions.EntraLoginUrl}/{settings.TenantId}"
            : null;
        if (authority is null && known != "UserManagedIdentity")
        {
            failures.Add($"{SettingsPrefix}TenantId (or {SettingsPrefix}AuthorityEndpoint) is required for AuthType {known}.");
        }
        else if (authority is not null && !IsHttpsUrl(authority))
        {
            failures.Add($"{SettingsPrefix}AuthorityEndpoint must be an absolute https URL (got '{authority}').");
        }

        var kind = known switch
        {
            "Certificate" or "CertificateSubjectName" => CredentialKind.Certificate,
            "UserManagedIdentity" => CredentialKind.UserManagedIdentity,
            "FederatedCredentials" => CredentialKind.FederatedCredentials,
            "WorkloadIdentity" => CredentialKind.WorkloadIdentity,
            _ => CredentialKind.ClientSecret,
        };
        CertificateReference? certificate = null;
        string? tokenFile = null;
        switch (known)
        {
            case "ClientSecret" when string.IsNullOrWhiteSpace(settings.ClientSecret):
                failures.Add($"{SettingsPrefix}ClientSecret is required for AuthType ClientSecret.");
                break;
            case "Certificate" when string.IsNullOrWhiteSpace(settings.CertThumbprint) && string.IsNullOrWhiteSpace(settings.CertFile):
                failures.Add($"{SettingsPrefix}CertThumbprint (a certificate in the store) or {SettingsPrefix}CertFile (a .pfx or .pem file) is required for AuthType Certificate.");
                break;
            case "CertificateSubjectName" when string.IsNullOrWhiteSpace(settings.CertSubjectName):
                failures.Add($"{SettingsPrefix}CertSubjectName is required for AuthType CertificateSubjectName.");
                break;
            case "Certificate" or "CertificateSubjectName":
                certificate = new CertificateReference(Blank(settings.CertThumbprint), known == "CertificateSubjectName" ? settings.CertSubjectName : null,
                    settings.CertStoreName, settings.ValidCertificateOnly, Blank(settings.CertFile), Blank(settings.CertKeyFile), Blank(settings.CertPassword),
                    settings.SendX5C || known == "CertificateSubjectName");
                break;
            case "FederatedCredentials" when string.IsNullOrWhiteSpace(settings.FederatedClientId):
                failures.Add($"{SettingsPrefix}FederatedClientId is required for AuthType FederatedCredentials: the managed identity whose token is the app's assertion.");
                break;
            case "WorkloadIdentity":
                tokenFile = Blank(settings.FederatedTokenFile) ?? Blank(environment(FederatedTokenFileVariable));
                if (tokenFile is null)
                {
                    failures.Add($"{SettingsPrefix}FederatedTokenFile (or the {FederatedTokenFileVariable} variable that workload identity sets) is required for AuthType WorkloadIdentity.");
                }
                else if (!File.Exists(tokenFile))
                {
                    failures.Add($"{SettingsPrefix}FederatedTokenFile '{tokenFile}' does not exist (is the service account token projected into the pod?).");
                }

                break;
        }

        return failures.Count > start ? null
            : new BotCredential(kind, settings.ClientId!, authority ?? "", scope, Blank(settings.ClientSecret), certificate, Blank(settings.FederatedClientId), tokenFile);
    }

    private static BotCredential? FromClassicKeys(BotIdentityOptions options, List<string> failures)
    {
        if (options.IsDevelopmentMode)
        {
            return null;
        }

        var start = failures.Count;
        BotAppType type;
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppType))
        {
            if (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            {
                failures.Add("MicrosoftAppTenantId is required: an empty MicrosoftAppType means SingleTenant, as new Azure Bot registrations are. " +
                             "For a registration made as multi-tenant, set MicrosoftAppType=MultiTenant.");
                return null;
            }

            type = BotAppType.SingleTenant;
        }
        else if (!Enum.TryParse(options.MicrosoftAppType, ignoreCase: true, out type) || !Enum.IsDefined(type))
        {
            failures.Add($"MicrosoftAppType '{options.MicrosoftAppType}' is not one of MultiTenant, SingleTenant, UserAssignedMSI.");
            return null;
        }

        switch (type)
        {
            case BotAppType.MultiTenant or BotAppType.SingleTenant when string.IsNullOrWhiteSpace(options.MicrosoftAppPassword):
                failures.Add($"MicrosoftAppPassword is required for MicrosoftAppType {type}.");
                break;
            case BotAppType.UserAssignedMSI when !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword):
                failures.Add("MicrosoftAppPassword must be empty for MicrosoftAppType UserAssignedMSI: the managed identity has no secret.");
                break;
        }

        if (type is BotAppType.SingleTenant or BotAppType.UserAssignedMSI && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add($"MicrosoftAppTenantId is required for MicrosoftAppType {type}.");
        }

        var authority = !string.IsNullOrWhiteSpace(options.ToChannelFromBotLoginUrl) ? options.ToChannelFromBotLoginUrl.TrimEnd('/')
            : type == BotAppType.MultiTenant ? $"{BotIdentityOptions.EntraLoginUrl}/botframework.com"
            : $"{BotIdentityOptions.EntraLoginUrl}/{options.MicrosoftAppTenantId}";
        if (!IsHttpsUrl(authority))
        {
            failures.Add($"ToChannelFromBotLoginUrl must be an absolute https URL (got '{authority}').");
        }

        return failures.Count > start ? null
            : new BotCredential(type == BotAppType.UserAssignedMSI ? CredentialKind.UserManagedIdentity : CredentialKind.ClientSecret,
                options.MicrosoftAppId!, authority, options.ToChannelFromBotOAuthScope, Blank(options.MicrosoftAppPassword));
    }

    private static bool IsHttpsUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

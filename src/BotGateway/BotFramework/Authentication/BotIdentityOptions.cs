using Handoff.BotGateway.BotFramework.Configuration;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// The bot's registration and the Bot Framework endpoints, under the standard keys at the configuration
/// root, so an existing bot's settings drop in unchanged; or under the Agents SDK's <c>Connections</c> and
/// <c>TokenValidation</c> sections, so an Agents SDK project's do. Checked at start by <see cref="BotIdentityOptionsValidator"/>.
/// </summary>
public sealed class BotIdentityOptions
{
    public const string ServiceConnectionName = "ServiceConnection";

    public const string BotFrameworkOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string BotFrameworkTokenIssuer = "https://api.botframework.com";
    public const string EntraOpenIdMetadataUrlTemplate = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";
    public const string BotFrameworkOAuthScope = "https://api.botframework.com/.default";
    public const string EntraLoginUrl = "https://login.microsoftonline.com";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>
    /// <c>MultiTenant</c>, <c>SingleTenant</c> or <c>UserAssignedMSI</c>. Empty means SingleTenant and needs
    /// <c>MicrosoftAppTenantId</c>: new Azure Bot registrations are single-tenant (multi-tenant ones are deprecated).
    /// </summary>
    public string? MicrosoftAppType { get; set; }

    /// <summary>The Agents SDK's <c>Connections:{name}:Settings</c>; the gateway reads <c>ServiceConnection</c>.</summary>
    public Dictionary<string, AgentsConnection> Connections { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TokenValidationSettings TokenValidation { get; set; } = new();

    public string ToBotFromChannelOpenIdMetadataUrl { get; set; } = BotFrameworkOpenIdMetadataUrl;

    public string ToBotFromChannelTokenIssuer { get; set; } = BotFrameworkTokenIssuer;

    /// <summary>Metadata of Entra-issued channel tokens; <c>{tenant}</c> is the bot's tenant.</summary>
    public string ToBotFromEntraOpenIdMetadataUrl { get; set; } = EntraOpenIdMetadataUrlTemplate;

    /// <summary>
    /// The app ids (<c>azp</c>/<c>appid</c> claim) allowed to call the bot with Entra-issued tokens, i.e. the
    /// Bot Service's. Any app in the tenant can get an Entra token for the bot's audience, so without this
    /// list Entra-issued tokens are refused.
    /// </summary>
    public List<string> ToBotFromEntraAllowedCallers { get; set; } = [];

    /// <summary>The token authority for replies; defaults to <c>login.microsoftonline.com/botframework.com</c> (MultiTenant) or the tenant.</summary>
    public string? ToChannelFromBotLoginUrl { get; set; }

    public string ToChannelFromBotOAuthScope { get; set; } = BotFrameworkOAuthScope;

    /// <summary>The least time between two metadata fetches caused by unknown signing key ids.</summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public ServiceConnectionSettings? ServiceConnection =>
        Connections.TryGetValue(ServiceConnectionName, out var connection) ? connection.Settings : null;

    /// <summary>The bot's app id: <c>MicrosoftAppId</c>, else the service connection's <c>ClientId</c>.</summary>
    public string? AppId => !string.IsNullOrWhiteSpace(MicrosoftAppId) ? MicrosoftAppId : ServiceConnection?.ClientId;

    /// <summary>No app id: unauthenticated local traffic, as the Emulator and the Agents Playground expect.</summary>
    public bool IsDevelopmentMode => string.IsNullOrWhiteSpace(AppId);

    /// <summary>
    /// The tenant a single-tenant registration belongs to: <c>MicrosoftAppTenantId</c>, else the service connection's
    /// <c>TenantId</c> (an Agents SDK project's); none for a multi-tenant bot (<c>MicrosoftAppType</c> MultiTenant, or the
    /// Agents SDK's multi-tenant authority tenant <c>botframework.com</c>).
    /// </summary>
    public string? RegistrationTenantId =>
        string.Equals(MicrosoftAppType, nameof(BotAppType.MultiTenant), StringComparison.OrdinalIgnoreCase)
            ? null
            : new[] { MicrosoftAppTenantId, ServiceConnection?.TenantId }.FirstOrDefault(tenant =>
                !string.IsNullOrWhiteSpace(tenant) && !string.Equals(tenant, "botframework.com", StringComparison.OrdinalIgnoreCase));

    /// <summary>The tenant whose Entra-issued channel tokens are accepted: <c>TokenValidation:TenantId</c>, else the bot's.</summary>
    public string? InboundTenantId => new[] { TokenValidation.TenantId, MicrosoftAppTenantId, ServiceConnection?.TenantId }
        .FirstOrDefault(tenant => !string.IsNullOrWhiteSpace(tenant));

    /// <summary>The audiences a channel token may have: <c>TokenValidation:Audiences</c>, else the app id and <c>api://</c> it.</summary>
    public IReadOnlyList<string> InboundAudiences => TokenValidation.Audiences.Count > 0
        ? TokenValidation.Audiences
        : [AppId!, $"api://{AppId}"];

    /// <summary>The issuers of the two token families: Bot Framework's, and Entra's (v1 and v2) for <see cref="InboundTenantId"/>.</summary>
    public IReadOnlyList<string> AcceptedIssuers => InboundTenantId is { } tenant
        ? [ToBotFromChannelTokenIssuer, $"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"]
        : [ToBotFromChannelTokenIssuer];

    /// <summary>Whether <c>TokenValidation:ValidIssuers</c>, when set, lists this issuer.</summary>
    public bool IsListedIssuer(string issuer) =>
        TokenValidation.ValidIssuers.Count == 0 || TokenValidation.ValidIssuers.Contains(issuer, StringComparer.OrdinalIgnoreCase);
}

public enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}

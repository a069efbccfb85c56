namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// The bot's registration and the Bot Framework endpoints, under the standard keys at the configuration
/// root, so an existing bot's settings drop in unchanged. Checked at start by <see cref="BotIdentityOptionsValidator"/>.
/// </summary>
public sealed class BotIdentityOptions
{
    public const string BotFrameworkOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string BotFrameworkTokenIssuer = "https://api.botframework.com";
    public const string EntraOpenIdMetadataUrlTemplate = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";
    public const string BotFrameworkOAuthScope = "https://api.botframework.com/.default";
    public const string EntraLoginUrl = "https://login.microsoftonline.com";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    /// <summary><c>MultiTenant</c>, <c>SingleTenant</c> or <c>UserAssignedMSI</c>; empty means MultiTenant, as in the Bot Framework SDK.</summary>
    public string? MicrosoftAppType { get; set; }

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

    /// <summary>No app id: unauthenticated local traffic, as the Emulator and the Agents Playground expect.</summary>
    public bool IsDevelopmentMode => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public BotAppType AppType => Enum.TryParse<BotAppType>(MicrosoftAppType, ignoreCase: true, out var type) ? type : BotAppType.MultiTenant;

    public string OutboundAuthority => !string.IsNullOrWhiteSpace(ToChannelFromBotLoginUrl)
        ? ToChannelFromBotLoginUrl.TrimEnd('/')
        : AppType == BotAppType.MultiTenant
            ? $"{EntraLoginUrl}/botframework.com"
            : $"{EntraLoginUrl}/{MicrosoftAppTenantId}";
}

public enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}

namespace Handoff.BotGateway.BotFramework.Configuration;

/// <summary>
/// <c>TokenValidation</c>, the Agents SDK's keys for checking the channel's tokens. Empty lists keep our defaults:
/// the app id (and <c>api://</c> it) as audience, the Bot Framework issuer and Entra's for the bot's tenant.
/// </summary>
public sealed class TokenValidationSettings
{
    /// <summary>Accepted audiences (the bot's app id); empty means the app id.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>The tenant whose Entra-issued channel tokens are accepted; empty means the bot's tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>When set, a token's issuer must be one of these, on top of the families the gateway accepts.</summary>
    public List<string> ValidIssuers { get; set; } = [];
}

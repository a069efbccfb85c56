using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// The bot's registration, under the standard Bot Framework keys at the configuration root
/// (<c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppTenantId</c>, <c>MicrosoftAppType</c>),
/// so an existing bot's settings drop in unchanged.
/// </summary>
public sealed class BotIdentityOptions
{
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    public string? MicrosoftAppType { get; set; }

    /// <summary>No app id: unauthenticated local traffic, as the Emulator and the Agents Playground expect.</summary>
    public bool IsDevelopmentMode => string.IsNullOrWhiteSpace(MicrosoftAppId);
}

/// <summary>Refuses to start in a configuration that would accept forged traffic.</summary>
public sealed class BotIdentityOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, BotIdentityOptions options)
    {
        if (options.IsDevelopmentMode && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"MicrosoftAppId is not set and the environment is '{environment.EnvironmentName}'. Unauthenticated " +
                "development mode is allowed only in Development: set MicrosoftAppId (and MicrosoftAppPassword or " +
                "MicrosoftAppType=UserAssignedMSI) for a real bot registration.");
        }

        if (!options.IsDevelopmentMode)
        {
            // Inbound JWT validation and outbound tokens are the next step (issue 4). Until then a configured
            // registration must not run with an authenticator that accepts anything.
            return ValidateOptionsResult.Fail(
                "MicrosoftAppId is set, but this build has no Bot Framework token validation yet. " +
                "Remove MicrosoftAppId to run locally in development mode.");
        }

        return ValidateOptionsResult.Success;
    }
}

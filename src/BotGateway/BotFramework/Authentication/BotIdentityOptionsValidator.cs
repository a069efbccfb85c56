using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>Refuses to start in a configuration that cannot work or would accept forged traffic, naming the key to fix.</summary>
public sealed class BotIdentityOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, BotIdentityOptions options)
    {
        if (options.IsDevelopmentMode)
        {
            if (!environment.IsDevelopment())
            {
                return ValidateOptionsResult.Fail(
                    $"MicrosoftAppId is not set and the environment is '{environment.EnvironmentName}'. Unauthenticated " +
                    "development mode is allowed only in Development: set MicrosoftAppId (and MicrosoftAppPassword, or " +
                    "MicrosoftAppType=UserAssignedMSI) for a real bot registration.");
            }

            return string.IsNullOrWhiteSpace(options.MicrosoftAppType) && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("MicrosoftAppType or MicrosoftAppPassword is set but MicrosoftAppId is not: set MicrosoftAppId too.");
        }

        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.MicrosoftAppType) && !Enum.TryParse<BotAppType>(options.MicrosoftAppType, ignoreCase: true, out _))
        {
            failures.Add($"MicrosoftAppType '{options.MicrosoftAppType}' is not one of MultiTenant, SingleTenant, UserAssignedMSI.");
        }
        else
        {
            switch (options.AppType)
            {
                case BotAppType.MultiTenant or BotAppType.SingleTenant when string.IsNullOrWhiteSpace(options.MicrosoftAppPassword):
                    failures.Add($"MicrosoftAppPassword is required for MicrosoftAppType {options.AppType}.");
                    break;
                case BotAppType.UserAssignedMSI when !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword):
                    failures.Add("MicrosoftAppPassword must be empty for MicrosoftAppType UserAssignedMSI: the managed identity has no secret.");
                    break;
            }

            if (options.AppType is BotAppType.SingleTenant or BotAppType.UserAssignedMSI && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            {
                failures.Add($"MicrosoftAppTenantId is required for MicrosoftAppType {options.AppType}.");
            }
        }

        foreach (var (key, url) in new[]
                 {
                     (nameof(options.ToBotFromChannelOpenIdMetadataUrl), options.ToBotFromChannelOpenIdMetadataUrl),
                     (nameof(options.ToBotFromEntraOpenIdMetadataUrl), options.ToBotFromEntraOpenIdMetadataUrl.Replace("{tenant}", "t", StringComparison.Ordinal)),
                     (nameof(options.ToChannelFromBotLoginUrl), options.OutboundAuthority),
                 })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
            {
                failures.Add($"{key} must be an absolute https URL (got '{url}').");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ToBotFromChannelTokenIssuer))
        {
            failures.Add("ToBotFromChannelTokenIssuer must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Handoff.BotGateway.BotFramework.Configuration;
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
                    $"MicrosoftAppType=UserAssignedMSI), or {BotCredentialResolver.SettingsPrefix}ClientId, for a real bot registration.");
            }

            return string.IsNullOrWhiteSpace(options.MicrosoftAppType) && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("MicrosoftAppType or MicrosoftAppPassword is set but MicrosoftAppId is not: set MicrosoftAppId too.");
        }

        var failures = new List<string>();
        if (BotCredentialResolver.Resolve(options, failures) is { Certificate: { } certificate })
        {
            CertificateLoader.Check(certificate, failures);
        }

        foreach (var (key, url) in new[]
                 {
                     (nameof(options.ToBotFromChannelOpenIdMetadataUrl), options.ToBotFromChannelOpenIdMetadataUrl),
                     (nameof(options.ToBotFromEntraOpenIdMetadataUrl), options.ToBotFromEntraOpenIdMetadataUrl.Replace("{tenant}", "t", StringComparison.Ordinal)),
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

        if (options.TokenValidation.Audiences.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("TokenValidation:Audiences must not hold an empty entry.");
        }

        if (options.TokenValidation.ValidIssuers.Count > 0 && !options.AcceptedIssuers.Any(options.IsListedIssuer))
        {
            failures.Add($"TokenValidation:ValidIssuers lists none of the issuers the gateway accepts ({string.Join(", ", options.AcceptedIssuers)}): no channel token could be accepted.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

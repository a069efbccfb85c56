using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// Validates the channel's JWT as Bot Framework does (PROTOCOL.md §5): signing keys from the OpenID metadata,
/// the issuer, our app id as audience, RS256/384/512 only, 5 minutes of clock skew. Accepts both token
/// families: Bot Framework (<c>https://api.botframework.com</c>, keys endorsed per channel) and Entra
/// (<c>https://sts.windows.net/{tenant}/</c>, <c>https://login.microsoftonline.com/{tenant}/v2.0</c>) for the
/// bot's own tenant, each with its own metadata.
/// </summary>
public sealed class BotFrameworkAuthenticator(
    OpenIdMetadataCache metadata,
    IOptions<BotIdentityOptions> options,
    ILogger<BotFrameworkAuthenticator> logger) : IInboundAuthenticator
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async ValueTask<InboundAuthenticationResult> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return InboundAuthenticationResult.Unauthorized("missing_token", "A Bot Framework token is required: Authorization: Bearer <token>.");
        }

        var raw = header[7..].Trim();
        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(raw);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenException)
        {
            return InboundAuthenticationResult.Unauthorized("malformed_token", "The bearer token is not a JWT.");
        }

        var settings = options.Value;
        if (Family(token.Issuer, settings) is not { } family)
        {
            return InboundAuthenticationResult.Unauthorized("untrusted_issuer", $"Tokens from issuer '{token.Issuer}' are not accepted.");
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await metadata.GetAsync(family.MetadataUrl, cancellationToken);
            if (!string.IsNullOrEmpty(token.Kid) && FindKey(configuration, token.Kid) is null)
            {
                // Key rollover: the channel may sign with a key published after our last fetch.
                configuration = await metadata.RefreshAsync(family.MetadataUrl, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or HttpRequestException)
        {
            logger.LogError("Cannot fetch OpenID metadata from {MetadataUrl}: {Reason}", family.MetadataUrl, exception.Message);
            return new InboundAuthenticationResult(false, StatusCodes.Status503ServiceUnavailable,
                "The channel's signing keys cannot be fetched right now.", "keys_unavailable");
        }

        var validation = await _handler.ValidateTokenAsync(raw, new TokenValidationParameters
        {
            ValidIssuers = family.Issuers,
            ValidAudiences = settings.InboundAudiences,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = Algorithms,
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
        });
        if (!validation.IsValid)
        {
            // The reason names the check that failed, never the token's content.
            var reason = validation.Exception?.GetType().Name ?? "invalid";
            return InboundAuthenticationResult.Unauthorized("invalid_token", $"The bearer token is not valid ({reason}).");
        }

        if (!family.KeysAreEndorsed && !IsAllowedEntraCaller(validation.Claims, settings))
        {
            return InboundAuthenticationResult.Unauthorized("untrusted_caller",
                "The Entra-issued token's caller (azp/appid) is not in ToBotFromEntraAllowedCallers.");
        }

        var serviceUrl = validation.Claims.TryGetValue("serviceurl", out var claim) ? claim?.ToString() : null;
        var endorsements = family.KeysAreEndorsed ? Endorsements(FindKey(configuration, token.Kid)) : null;
        return new InboundAuthenticationResult(true, StatusCodes.Status200OK, null, null, endorsements, serviceUrl,
            RequireServiceUrlClaim: family.KeysAreEndorsed);
    }

    private static TokenFamily? Family(string issuer, BotIdentityOptions settings)
    {
        if (!settings.IsListedIssuer(issuer))
        {
            return null;
        }

        if (string.Equals(issuer, settings.ToBotFromChannelTokenIssuer, StringComparison.Ordinal))
        {
            return new TokenFamily(settings.ToBotFromChannelOpenIdMetadataUrl, [settings.ToBotFromChannelTokenIssuer], KeysAreEndorsed: true);
        }

        // Entra-issued channel tokens are accepted for the bot's own tenant only.
        var tenant = settings.InboundTenantId;
        if (string.IsNullOrWhiteSpace(tenant))
        {
            return null;
        }

        string[] entraIssuers = [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"];
        return entraIssuers.Contains(issuer, StringComparer.OrdinalIgnoreCase)
            ? new TokenFamily(settings.ToBotFromEntraOpenIdMetadataUrl.Replace("{tenant}", tenant, StringComparison.Ordinal), entraIssuers, KeysAreEndorsed: false)
            : null;
    }

    private static bool IsAllowedEntraCaller(IDictionary<string, object> claims, BotIdentityOptions settings)
    {
        var caller = (claims.TryGetValue("azp", out var azp) ? azp : claims.TryGetValue("appid", out var appid) ? appid : null)?.ToString();
        return caller is not null && settings.ToBotFromEntraAllowedCallers.Contains(caller, StringComparer.OrdinalIgnoreCase);
    }

    private static JsonWebKey? FindKey(OpenIdConnectConfiguration configuration, string? kid) =>
        configuration.JsonWebKeySet?.Keys.FirstOrDefault(key => string.Equals(key.Kid, kid, StringComparison.Ordinal));

    /// <summary>Bot Framework publishes, with each key, the channels it may sign for (<c>"endorsements": ["msteams", …]</c>).</summary>
    private static List<string> Endorsements(JsonWebKey? key)
    {
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var value) || value is null)
        {
            return [];
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList(),
            IEnumerable<object> items => items.Select(item => item?.ToString()).OfType<string>().ToList(),
            string single => [single],
            _ => [],
        };
    }

    private sealed record TokenFamily(string MetadataUrl, string[] Issuers, bool KeysAreEndorsed);
}

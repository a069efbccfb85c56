using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Handoff.TestSupport;

/// <summary>JWTs as the channel sends them, signed with our own test keys, and the forgeries a bot must refuse.</summary>
public static class ChannelTokens
{
    public static string Create(SigningKey key, string issuer, string audience, string? serviceUrl,
        DateTimeOffset? expires = null, string algorithm = SecurityAlgorithms.RsaSha256, IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = DateTime.UtcNow;
        var claims = extraClaims?.ToDictionary() ?? new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var expiry = (expires ?? DateTimeOffset.UtcNow.AddMinutes(30)).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expiry.AddMinutes(-60) < now ? expiry.AddMinutes(-60) : now,
            NotBefore = expiry.AddMinutes(-60) < now ? expiry.AddMinutes(-60) : now,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key.SecurityKey, algorithm),
        });
    }

    /// <summary>An unsigned token (<c>"alg":"none"</c>) with otherwise valid claims.</summary>
    public static string AlgNone(string kid, string issuer, string audience, string serviceUrl) =>
        $"{Segment(new { alg = "none", typ = "JWT", kid })}.{Segment(Payload(issuer, audience, serviceUrl))}.";

    /// <summary>The classic confusion attack: HS256 with the RSA public key's bytes as the HMAC secret.</summary>
    public static string HmacWithPublicKey(SigningKey key, string issuer, string audience, string serviceUrl)
    {
        var secret = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(key.ToJwk()));
        var header = Segment(new { alg = "HS256", typ = "JWT", kid = key.Kid });
        var payload = Segment(Payload(issuer, audience, serviceUrl));
        var signature = Base64UrlEncoder.Encode(System.Security.Cryptography.HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static Dictionary<string, object> Payload(string issuer, string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now - 60,
            ["iat"] = now - 60,
            ["exp"] = now + 1800,
        };
    }

    private static string Segment(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
}

using System.Security.Cryptography;
using System.Text;
using Handoff.BotGateway.BotFramework;

namespace Handoff.BotGateway.Admin;

/// <summary>The admin API's one credential: <c>Authorization: Bearer {Admin:ApiKey}</c>.</summary>
public static class AdminApiKey
{
    /// <summary>Null when the request carries the key; otherwise the 401 to answer (logged).</summary>
    public static IResult? Refusal(HttpRequest request, string apiKey, ILogger logger)
    {
        if (IsAdmin(request, apiKey))
        {
            return null;
        }

        logger.LogWarning("Refused an admin request without a valid API key");
        return BotErrors.Unauthorized(request.HttpContext.Response);
    }

    private static bool IsAdmin(HttpRequest request, string apiKey)
    {
        var header = request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        // Constant time over fixed-length digests: FixedTimeEquals returns at once on a length mismatch, so comparing
        // the keys themselves would tell an attacker the key's length, and comparing digests tells them nothing.
        return CryptographicOperations.FixedTimeEquals(Digest(presented), Digest(apiKey)) && presented.Length > 0;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

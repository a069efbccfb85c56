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
        return BotErrors.Error(StatusCodes.Status401Unauthorized, "Unauthorized", "An admin API key is required: Authorization: Bearer <Admin:ApiKey>.");
    }

    private static bool IsAdmin(HttpRequest request, string apiKey)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time: the comparison must not tell an attacker how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(apiKey));
    }
}

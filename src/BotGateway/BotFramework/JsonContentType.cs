using Microsoft.Net.Http.Headers;

namespace Handoff.BotGateway.BotFramework;

/// <summary>
/// Activities arrive as exactly <c>application/json</c>, with at most a UTF-8 charset. Anything looser lets a web
/// page post to the bot cross-site without a CORS preflight: <c>text/plain;charset=json</c> is a "simple" request.
/// </summary>
public static class JsonContentType
{
    /// <summary>Null when the request says it carries JSON; otherwise why it is refused (a 415).</summary>
    public static string? Refusal(HttpRequest request)
    {
        var header = request.ContentType;
        if (string.IsNullOrWhiteSpace(header))
        {
            return "Content-Type is required: application/json.";
        }

        if (!MediaTypeHeaderValue.TryParse(header, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Type must be application/json, not '{header}'.";
        }

        foreach (var parameter in mediaType.Parameters)
        {
            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                return $"Content-Type may carry only a charset parameter, not '{parameter.Name}'.";
            }

            var charset = HeaderUtilities.RemoveQuotes(parameter.Value);
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return $"Content-Type's charset must be utf-8 (JSON is UTF-8), not '{charset}'.";
            }
        }

        return null;
    }
}

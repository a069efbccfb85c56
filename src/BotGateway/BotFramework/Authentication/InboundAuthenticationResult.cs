using Handoff.BotGateway.BotFramework.Activities;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// The verdict on a request's token. A valid token still has to fit the activity it carries: its signing
/// key must be endorsed for the activity's channel and its <c>serviceurl</c> claim must name the activity's
/// serviceUrl (PROTOCOL.md §5), else 403.
/// </summary>
public sealed record InboundAuthenticationResult(
    bool Succeeded,
    int StatusCode,
    string? Reason,
    string? Code = null,
    IReadOnlyList<string>? Endorsements = null,
    string? ServiceUrlClaim = null,
    bool RequireServiceUrlClaim = false)
{
    public static readonly InboundAuthenticationResult Anonymous = new(true, StatusCodes.Status200OK, null);

    /// <param name="code">A short metric tag: missing_token, invalid_token, untrusted_issuer, …</param>
    public static InboundAuthenticationResult Unauthorized(string code, string reason) => new(false, StatusCodes.Status401Unauthorized, reason, code);

    /// <summary>Null when the activity fits the token; otherwise why not (a 403).</summary>
    public string? Authorize(IncomingActivity activity)
    {
        if (Endorsements is not null && !Endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
        {
            return $"The token's signing key is not endorsed for channel '{activity.ChannelId}'.";
        }

        if (ServiceUrlClaim is null)
        {
            return RequireServiceUrlClaim ? "The token has no serviceurl claim." : null;
        }

        return SameServiceUrl(ServiceUrlClaim, activity.ServiceUrl)
            ? null
            : "The token's serviceurl claim does not match the activity's serviceUrl.";
    }

    private static bool SameServiceUrl(string claim, Uri activityServiceUrl) =>
        Uri.TryCreate(claim, UriKind.Absolute, out var claimed)
        && string.Equals(claimed.AbsoluteUri.TrimEnd('/'), activityServiceUrl.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}

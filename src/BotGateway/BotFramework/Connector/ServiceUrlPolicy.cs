using System.Net;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>
/// Decides whether an activity's serviceUrl is one we may send replies to. A serviceUrl is a Bot Connector's base:
/// a scheme, host, port and at most a base path (<c>https://smba.trafficmanager.net/amer/</c>). A query, fragment or
/// user info is refused, because the connector's path is appended to the base: <c>…/x?q=</c> would turn it into a
/// query and <c>…/switch#</c> into a fragment, and the post would land on whatever path the activity chose.
/// </summary>
public sealed class ServiceUrlPolicy(IOptions<ConnectorOptions> options)
{
    public bool IsAllowed(Uri serviceUrl, out string reason)
    {
        if (ShapeError(serviceUrl) is { } shapeError)
        {
            reason = shapeError;
            return false;
        }

        var settings = options.Value;
        if (IsLoopback(serviceUrl))
        {
            reason = settings.AllowLoopback ? "" : "serviceUrl is a loopback address, allowed only in Development.";
            return settings.AllowLoopback;
        }

        if (serviceUrl.Scheme != Uri.UriSchemeHttps)
        {
            reason = "serviceUrl must use https.";
            return false;
        }

        var host = serviceUrl.IdnHost.ToLowerInvariant();
        var allowedHosts = settings.AllowedServiceHosts.Count > 0 ? settings.AllowedServiceHosts : ConnectorOptions.DefaultServiceHosts;
        foreach (var allowed in allowedHosts)
        {
            var pattern = allowed.ToLowerInvariant();
            var matches = pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern[1..], StringComparison.Ordinal)
                : host == pattern;
            if (matches)
            {
                reason = "";
                return true;
            }
        }

        reason = $"serviceUrl host '{host}' is not an allowed Bot Connector host.";
        return false;
    }

    /// <summary>
    /// The serviceUrl as the base every connector URL is built from: scheme, host, port and base path, ending in '/'.
    /// Only for a serviceUrl <see cref="IsAllowed"/> accepts.
    /// </summary>
    public static Uri Base(Uri serviceUrl)
    {
        var path = serviceUrl.AbsolutePath.EndsWith('/') ? serviceUrl.AbsolutePath : serviceUrl.AbsolutePath + "/";
        return new UriBuilder(serviceUrl.Scheme, serviceUrl.Host, serviceUrl.Port, path).Uri;
    }

    private static string? ShapeError(Uri serviceUrl)
    {
        if (!serviceUrl.IsAbsoluteUri || serviceUrl.Scheme is not ("http" or "https"))
        {
            return "serviceUrl must be an absolute http(s) URL.";
        }

        if (serviceUrl.UserInfo.Length > 0)
        {
            return "serviceUrl must not carry user info (user:password@): it is a scheme, host, port and at most a base path.";
        }

        // Checked on the original text: Uri drops an empty query ("?") or fragment ("#") from Query and Fragment.
        var text = serviceUrl.OriginalString;
        if (serviceUrl.Query.Length > 0 || text.Contains('?', StringComparison.Ordinal))
        {
            return "serviceUrl must not have a query ('?…'): it is a scheme, host, port and at most a base path.";
        }

        if (serviceUrl.Fragment.Length > 0 || text.Contains('#', StringComparison.Ordinal))
        {
            return "serviceUrl must not have a fragment ('#…'): it is a scheme, host, port and at most a base path.";
        }

        return null;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

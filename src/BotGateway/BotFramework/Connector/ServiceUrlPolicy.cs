using System.Net;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Connector;

/// <summary>Decides whether an activity's serviceUrl is one we may send replies to.</summary>
public sealed class ServiceUrlPolicy(IOptions<ConnectorOptions> options)
{
    public bool IsAllowed(Uri serviceUrl, out string reason)
    {
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

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

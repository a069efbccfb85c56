using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>
/// Development mode accepts unauthenticated activities, so it may listen only where nothing but this machine can
/// reach it: each endpoint Kestrel is about to bind (from <c>urls</c>, <c>http_ports</c> or <c>Kestrel:Endpoints</c>)
/// must be a loopback address or a Unix socket, else the gateway refuses to start, before it binds anything.
/// </summary>
public sealed class DevelopmentModeLoopback(IOptions<BotIdentityOptions> identity) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(endpoint =>
        {
            if (identity.Value.IsDevelopmentMode && !IsLocal(endpoint.EndPoint))
            {
                throw new InvalidOperationException(
                    $"Development mode (MicrosoftAppId is not set) accepts unauthenticated requests, so it listens on loopback only, " +
                    $"but the gateway was asked to listen on {Describe(endpoint.EndPoint)}. Set MicrosoftAppId (and MicrosoftAppPassword, " +
                    "or MicrosoftAppType=UserAssignedMSI) for a real bot registration, or listen on loopback (urls=http://localhost:3978).");
            }
        });

    private static bool IsLocal(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
        UnixDomainSocketEndPoint => true,
        _ => false,
    };

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip when ip.Address.Equals(IPAddress.IPv6Any) || ip.Address.Equals(IPAddress.Any) => $"every interface (port {ip.Port})",
        _ => endPoint.ToString() ?? endPoint.GetType().Name,
    };
}

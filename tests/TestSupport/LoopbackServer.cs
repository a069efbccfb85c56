using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.TestSupport;

/// <summary>A small Kestrel app on 127.0.0.1 and a free port, for the outside endpoints tests stand in for.</summary>
public static class LoopbackServer
{
    /// <param name="port">0 for a free one; a given port to bring a server back where it was.</param>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(Action<WebApplication> map, X509Certificate2? certificate = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}

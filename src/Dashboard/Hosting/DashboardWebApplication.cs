using System.Reflection;
using Handoff.Dashboard.Components;
using Handoff.Dashboard.Otlp;
using Handoff.Dashboard.Resources;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Dashboard.Hosting;

/// <summary>
/// The dashboard inside the AppHost: the browser UI (Blazor Server) on one port, OTLP intake on gRPC (an
/// HTTP/2-only listener, as the .NET exporter speaks plain-text HTTP/2) and on HTTP/protobuf on two more.
/// </summary>
public sealed class DashboardWebApplication : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardWebApplication(WebApplication app, DashboardEndpoints endpoints)
    {
        _app = app;
        Endpoints = endpoints;
    }

    public DashboardEndpoints Endpoints { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardWebApplication> StartAsync(DashboardOptions options, IResourceService resources, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Static assets (blazor.web.js, our css/js) are found through the entry assembly's manifest.
            ApplicationName = Assembly.GetEntryAssembly()?.GetName().Name,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);

        var uiPort = PortOrFree(options.UiPort);
        var grpcPort = PortOrFree(options.OtlpGrpcPort);
        var httpPort = PortOrFree(options.OtlpHttpPort);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenLocalhost(uiPort, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            kestrel.ListenLocalhost(grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.ListenLocalhost(httpPort, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
        });

        builder.Services.AddSingleton(resources);
        builder.Services.AddOtlpIntake(intake => intake.ApiKey = options.OtlpApiKey);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = BrowserTokenLogin.Path;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Cookie.Name = "handoff.dashboard";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
                cookie.ExpireTimeSpan = TimeSpan.FromDays(3);
            });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOtlpIntake().RequireHost($"*:{grpcPort}", $"*:{httpPort}");
        app.MapStaticAssets(StaticAssetsManifest()).RequireHost($"*:{uiPort}");
        app.MapBrowserTokenLogin(options.BrowserToken).RequireHost($"*:{uiPort}");
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization()
            .RequireHost($"*:{uiPort}");

        await app.StartAsync(cancellationToken);
        var ui = new Uri($"http://localhost:{uiPort}/");
        var endpoints = new DashboardEndpoints(
            ui,
            new Uri(ui, $"{BrowserTokenLogin.Path}?t={Uri.EscapeDataString(options.BrowserToken)}"),
            new Uri($"http://127.0.0.1:{grpcPort}"),
            new Uri($"http://127.0.0.1:{httpPort}"),
            options.OtlpApiKey);
        return new DashboardWebApplication(app, endpoints);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    /// <summary>
    /// The host's manifest lists the framework's blazor.web.js as well as ours; a host built without the
    /// static web assets SDK (a test) falls back to the dashboard's own, which serves the pages' css and js.
    /// </summary>
    private static string StaticAssetsManifest()
    {
        var host = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetEntryAssembly()?.GetName().Name}.staticwebassets.endpoints.json");
        return File.Exists(host) ? host : Path.Combine(AppContext.BaseDirectory, "Handoff.Dashboard.staticwebassets.endpoints.json");
    }

    private static int PortOrFree(int port)
    {
        if (port != 0 && IsFree(port))
        {
            return port;
        }

        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

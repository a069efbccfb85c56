using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Handoff.Dashboard.Hosting;

/// <summary>
/// Aspire's browser-token login: the AppHost prints <c>/login?t=TOKEN</c>; a right token earns a cookie and a
/// redirect to the dashboard, a wrong one a form to paste the token into (and 401).
/// </summary>
public static class BrowserTokenLogin
{
    public const string Path = "/login";

    public static RouteHandlerBuilder MapBrowserTokenLogin(this IEndpointRouteBuilder endpoints, string browserToken) =>
        endpoints.MapGet(Path, async (HttpContext context, string? t, string? returnUrl) =>
        {
            if (t is null)
            {
                return Results.Content(Form(returnUrl, failed: false), "text/html; charset=utf-8");
            }

            if (!Matches(t, browserToken))
            {
                return Results.Content(Form(returnUrl, failed: true), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status401Unauthorized);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "dashboard-user")], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();

    private static bool Matches(string offered, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes(expected));

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static string Form(string? returnUrl, bool failed)
    {
        var message = failed
            ? "<p class=\"error\">That token is not the one this AppHost printed. Copy the whole <code>Dashboard:</code> link from its console.</p>"
            : "<p>Open the <code>Dashboard:</code> link the AppHost printed, or paste its token (the part after <code>t=</code>).</p>";
        var encodedReturn = System.Net.WebUtility.HtmlEncode(returnUrl ?? "/");
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Handoff dashboard: log in</title>
            <link rel="stylesheet" href="/_content/Handoff.Dashboard/dashboard.css"></head>
            <body class="login"><main><h1>Handoff dashboard</h1>{message}
            <form method="get" action="{Path}"><input type="hidden" name="returnUrl" value="{encodedReturn}">
            <input name="t" type="password" autocomplete="off" placeholder="Browser token" aria-label="Browser token" autofocus>
            <button type="submit">Log in</button></form></main></body></html>
            """;
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Handoff.Contracts.Clients;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Authentication;

/// <summary>
/// Knows the caller from <c>Authorization: CallerKey {key}</c> (<see cref="CallerCredential"/>): the key is compared with
/// every caller's in constant time, over SHA-256 digests so that neither its content nor its length shows in the timing.
/// A missing, unknown or misplaced key is answered with the same bare 401, whatever failed: the reason is logged at Debug.
/// </summary>
internal sealed class CallerKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    IOptionsMonitor<CallerKeyOptions> keys,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var prefix = CallerCredential.Scheme + " ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()));
        string? caller = null;
        // Every key is compared, a match or not: the time taken does not tell which caller's key came closest.
        foreach (var (name, key) in keys.CurrentValue.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key))))
            {
                caller = name;
            }
        }

        if (caller is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("the key matches no caller's"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, caller)], CallerCredential.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), CallerCredential.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Logger.LogDebug("Refused {Method} {Endpoint}: {Reason}", Request.Method, Context.GetEndpoint()?.DisplayName,
            result.Failure?.Message ?? "no CallerKey credential");
        Response.Headers.WWWAuthenticate = CallerCredential.Scheme;
        await UnauthorizedAsync();
    }

    /// <summary>A known caller on an endpoint that is not its own gets the same 401: which endpoints exist for whom is not told.</summary>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Logger.LogDebug("Refused {Method} {Endpoint}: {Caller} may not call it", Request.Method, Context.GetEndpoint()?.DisplayName, Context.User.Identity?.Name);
        await UnauthorizedAsync();
    }

    private async Task UnauthorizedAsync()
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized" },
        });
    }
}

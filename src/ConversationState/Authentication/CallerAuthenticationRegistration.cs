using Handoff.Contracts.Clients;
using Handoff.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Authentication;

public static class CallerAuthenticationRegistration
{
    /// <summary>The caller keys (validated at start), the handler that checks them and the policies the endpoints name.</summary>
    public static WebApplicationBuilder AddCallerAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<CallerKeyOptions>(CallerKeyOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<CallerKeyOptions>, CallerKeyOptionsValidator>();
        builder.Services.AddAuthentication(CallerCredential.Scheme)
            .AddScheme<AuthenticationSchemeOptions, CallerKeyAuthenticationHandler>(CallerCredential.Scheme, configureOptions: null);
        builder.Services.AddAuthorization(CallerPolicies.Add);
        return builder;
    }

    /// <summary>The group every API endpoint is mapped in: no endpoint of it answers a request without a known caller.</summary>
    public static RouteGroupBuilder MapCallerApi(this WebApplication app) =>
        app.MapGroup("").RequireAuthorization();
}

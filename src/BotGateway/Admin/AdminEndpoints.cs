using Handoff.BotGateway.BotFramework;
using Handoff.Contracts.Clients;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Admin;

/// <summary>
/// <c>DELETE /admin/users/{tenantId}/{userAadObjectId}</c>: an administrator erases a user's handoff data
/// ("forget me" on their behalf). Authenticated with <c>Authorization: Bearer {Admin:ApiKey}</c>; without a
/// configured key the endpoint does not exist. ConversationState audits the erasure.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/admin/users/{tenantId}/{userAadObjectId}", EraseUserAsync);
        app.MapHandoffDiagnostics();
        return app;
    }

    private static async Task<IResult> EraseUserAsync(string tenantId, string userAadObjectId, HttpRequest request,
        IOptions<AdminOptions> options, ConversationStateClient state, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.ApiKey))
        {
            return Results.NotFound();
        }

        if (AdminApiKey.Refusal(request, options.Value.ApiKey, loggers.CreateLogger(typeof(AdminEndpoints))) is { } refusal)
        {
            return refusal;
        }

        try
        {
            var erased = await state.ForgetUserAsync(tenantId, userAadObjectId, "an administrator, through the admin API", cancellationToken);
            return Results.Ok(new { recordsErased = erased });
        }
        catch (ConversationStateException exception) when (exception.IsTransient)
        {
            return BotErrors.ServiceUnavailable("The state service is unavailable; nothing was erased. Try again shortly.");
        }
        catch (ConversationStateException exception)
        {
            return BotErrors.BadRequest(exception.Message);
        }
    }
}

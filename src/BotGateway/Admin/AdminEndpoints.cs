using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.Contracts.Clients;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Admin;

/// <summary>
/// <c>DELETE /admin/users/{tenantId}/{userAadObjectId}</c>: an administrator erases a user's handoff data
/// ("forget me" on their behalf). Authenticated with <c>Authorization: Bearer {Admin:ApiKey}</c>; without a
/// configured key the endpoint does not exist. With a bot registration the ids must be Entra's (GUIDs), as Teams sends
/// them: any other id names no user's data, and an erasure of it would report 0 records as if it had done its work.
/// ConversationState audits the erasure.
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
        IOptions<AdminOptions> options, IOptions<BotIdentityOptions> identity, ConversationStateClient state, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.ApiKey))
        {
            return Results.NotFound();
        }

        if (AdminApiKey.Refusal(request, options.Value.ApiKey, loggers.CreateLogger(typeof(AdminEndpoints))) is { } refusal)
        {
            return refusal;
        }

        if (!identity.Value.IsDevelopmentMode && (!TeamsUser.IsEntraId(tenantId) || !TeamsUser.IsEntraId(userAadObjectId)))
        {
            return BotErrors.BadRequest("tenantId and userAadObjectId must be Entra ids, GUIDs (00000000-0000-0000-0000-000000000000): " +
                                        "the tenant's id and the user's object id as Entra shows them. Nothing was erased.");
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
